import { affectedFeedUrls, topicUrls } from '../feeds/affected';
import { pingHub } from '../feeds/websub';
import { purge } from '../http/edge-cache';
import { isolateHotCache } from '../http/hot-cache';
import type { Article } from '../schema/article';
import type { ContentChange } from '../storage/content-store';
import { headChange } from '../storage/head-index';
import type { RebuildMessage } from './rebuild-queue';

export interface ChangeContext {
  origin: string;
  hub: string;
  /** The content-rebuild queue: the single writer that makes the change reach every head index (rebuild-queue.ts). */
  queue: Queue<RebuildMessage>;
  waitUntil: (promise: Promise<unknown>) => void;
}

/**
 * After articles are published, edited or deleted (the store has already updated the head indexes in this location):
 * hand the changes to the rebuild queue, drop the cached copies of every feed they were or are in so the next poll
 * renders fresh, then tell the WebSub hub. All of it runs after the response, so the CMS is not kept waiting.
 */
export function afterArticlesChanged(ctx: ChangeContext, changes: readonly ContentChange[]): void {
  if (changes.length === 0) return;
  const articles = changes.flatMap((c) => [c.previous, c.current]).filter((a): a is Article => a !== null);
  const urls = affectedFeedUrls(ctx.origin, articles);
  ctx.waitUntil(
    (async () => {
      await enqueueRebuild(ctx.queue, changes);
      await purge(caches.default, isolateHotCache, urls);
      if (ctx.hub) await pingHub({ hub: ctx.hub, topics: topicUrls(urls) });
    })(),
  );
}

/** A failure to enqueue is logged: the change is stored and this location's heads show it; the repair job remains. */
async function enqueueRebuild(queue: Queue<RebuildMessage>, changes: readonly ContentChange[]): Promise<void> {
  try {
    await queue.send(
      { step: 'merge', changes: changes.map((c) => headChange(c.previous, c.current)) },
      { contentType: 'json' },
    );
  } catch (error) {
    console.error(JSON.stringify({ event: 'content.rebuild_enqueue_failed', error: String(error) }));
  }
}
