import { affectedFeedUrls, topicUrls } from '../feeds/affected';
import { pingHub } from '../feeds/websub';
import { purge } from '../http/edge-cache';
import { isolateHotCache } from '../http/hot-cache';
import type { Article } from '../schema/article';

export interface ChangeContext {
  origin: string;
  hub: string;
  waitUntil: (promise: Promise<unknown>) => void;
}

/**
 * After articles are published, edited or deleted: drop the cached copies of every feed they were
 * or are in, so the next poll renders fresh, then tell the WebSub hub. Both run after the response,
 * so the CMS is not kept waiting.
 */
export function afterArticlesChanged(ctx: ChangeContext, versions: readonly (Article | null)[]): void {
  const articles = versions.filter((a): a is Article => a !== null);
  if (articles.length === 0) return;
  const urls = affectedFeedUrls(ctx.origin, articles);
  ctx.waitUntil(
    (async () => {
      await purge(caches.default, isolateHotCache, urls);
      if (ctx.hub) await pingHub({ hub: ctx.hub, topics: topicUrls(urls) });
    })(),
  );
}
