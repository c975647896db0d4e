import { changedTopics } from '../feeds/affected';
import { pingHub } from '../feeds/websub';
import type { Article } from '../schema/article';
import type { ContentChange } from '../storage/content-store';
import type { GenerationStore } from '../storage/generation-store';
import { headChange } from '../storage/head-index';
import type { RebuildMessage } from './rebuild-queue';

export interface ChangeContext {
  origin: string;
  hub: string;
  /** The content-rebuild queue: the single writer that makes the change reach every head index (rebuild-queue.ts). */
  queue: Queue<RebuildMessage>;
  generations: GenerationStore;
  waitUntil: (promise: Promise<unknown>) => void;
}

/**
 * After articles are published, edited or deleted (the store has already updated the head indexes in this location):
 * a new content generation, which makes every cached answer unreachable (in this isolate at once, before the response;
 * in KV after it); the changes go to the rebuild queue; then the WebSub hub is told, so what it fetches is already keyed
 * by the new generation. All of it finishes after the response, so the CMS is not kept waiting.
 */
export function afterArticlesChanged(ctx: ChangeContext, changes: readonly ContentChange[]): void {
  if (changes.length === 0) return;
  const articles = changes.flatMap((c) => [c.previous, c.current]).filter((a): a is Article => a !== null);
  const advanced = ctx.generations.advance();
  ctx.waitUntil(
    (async () => {
      await Promise.all([advanced, enqueueRebuild(ctx.queue, changes)]);
      if (ctx.hub) await pingHub({ hub: ctx.hub, topics: changedTopics(ctx.origin, articles) });
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
