import { changedTopics } from '../feeds/affected';
import { pingHub } from '../feeds/websub';
import type { Article } from '../schema/article';
import type { GenerationStore } from '../storage/generation-store';

export interface ChangeContext {
  origin: string;
  hub: string;
  generations: GenerationStore;
  waitUntil: (promise: Promise<unknown>) => void;
}

/**
 * After articles are published, edited or deleted: a new content generation, which makes every cached answer
 * unreachable (in this isolate at once, before the response; in KV after it), then the WebSub hub is told, so what it
 * fetches is already keyed by the new generation. Both finish after the response, so the CMS is not kept waiting.
 */
export function afterArticlesChanged(ctx: ChangeContext, versions: readonly (Article | null)[]): void {
  const articles = versions.filter((a): a is Article => a !== null);
  if (articles.length === 0) return;
  const advanced = ctx.generations.advance();
  ctx.waitUntil(
    (async () => {
      await advanced;
      if (ctx.hub) await pingHub({ hub: ctx.hub, topics: changedTopics(ctx.origin, articles) });
    })(),
  );
}
