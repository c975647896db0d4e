import { prepareArticle, StoredArticle } from '../content/article-record';
import { ArticleRecord, type Article } from '../schema/article';
import { ProblemError, problemBody } from '../http/problem';
import { BULK_READ_MAX, bulkGet } from './bulk-get';
import { articleKey, slugKey } from './keys';
import { parseRecord } from './records';
import { applyPlan, planArticleDelete, planArticleWrite, planCost, type StoredState } from './write-plan';

/**
 * Workers KV allows 1000 operations per invocation, and a bulk read of up to 100 keys counts as
 * one (Workers KV limits). A batch stops writing before it would cross this line and reports the
 * remaining items as retryable instead of failing half-way through one.
 */
export const KV_OPS_PER_INVOCATION = 1000;

export interface BatchOutcome {
  results: BatchItemResult[];
  /** What each item that changed replaced, and with what. */
  changed: WriteOutcome[];
}

export type ItemStatus = 'created' | 'updated' | 'unchanged';
/** What a write did, with the record it replaced so callers can refresh everything the old version was in. */
export interface WriteOutcome {
  status: ItemStatus;
  previous: Article | null;
  current: Article;
}

export type BatchItemResult =
  | { slug: string; status: 201 | 200; result: ItemStatus }
  | { slug: string; status: number; problem: ReturnType<typeof problemBody> };

export class ArticleStore {
  constructor(private readonly kv: KVNamespace) {}

  async get(slug: string): Promise<Article | null> {
    const id = await this.kv.get(slugKey(slug));
    if (id === null) return null;
    const article = parseRecord(StoredArticle, articleKey(id), await this.kv.get(articleKey(id)));
    return article?.slug === slug ? article : null;
  }

  /** Creates or replaces one article, its body sanitized (prepareArticle); resolves to what happened. */
  async put(input: Article): Promise<WriteOutcome> {
    const article = prepareArticle(input);
    const [state] = await this.readStates([article]);
    const plan = planArticleWrite(article, state!);
    await applyPlan(this.kv, plan.phases);
    return { status: plan.status, previous: state!.stored, current: article };
  }

  /**
   * Publishes many articles. Each item is written whole or not at all; items are independent, so
   * one invalid or conflicting item does not hold back the others. `reserve` operations of the invocation's budget are
   * left for what follows the writes.
   */
  async putMany(inputs: Article[], instance: string, reserve: number): Promise<BatchOutcome> {
    const states = await this.readStates(inputs);
    let budget = KV_OPS_PER_INVOCATION - Math.ceil((inputs.length * 2) / BULK_READ_MAX) - reserve;
    const results: BatchItemResult[] = [];
    const changed: WriteOutcome[] = [];
    const seen = new Set<string>();
    for (const [i, input] of inputs.entries()) {
      try {
        if (seen.has(`slug:${input.slug}`) || seen.has(`id:${input.id}`)) {
          throw new ProblemError('conflict', { detail: 'This slug or id appears earlier in the same batch.' });
        }
        seen.add(`slug:${input.slug}`).add(`id:${input.id}`);
        const article = prepareArticle(input);
        const plan = planArticleWrite(article, states[i]!);
        const cost = planCost(plan.phases);
        if (cost > budget) {
          results.push({
            slug: article.slug,
            status: 503,
            problem: problemBody('unavailable', instance, {
              detail: 'This request reached the platform limit on storage operations before this item; send it again.',
              extensions: { retryable: true },
            }),
          });
          continue;
        }
        budget -= cost;
        await applyPlan(this.kv, plan.phases);
        if (plan.status !== 'unchanged')
          changed.push({ status: plan.status, previous: states[i]!.stored, current: article });
        results.push({ slug: article.slug, status: plan.status === 'created' ? 201 : 200, result: plan.status });
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        results.push({
          slug: input.slug,
          status: problemBody(error.code, instance).status,
          problem: problemBody(error.code, instance, error.init),
        });
      }
    }
    return { results, changed };
  }

  /** Deletes an article and every index entry naming it; resolves to the deleted record, or false when there was nothing. */
  async delete(slug: string): Promise<Article | null | false> {
    const id = await this.kv.get(slugKey(slug));
    if (id === null) return false;
    const stored = parseRecord(ArticleRecord, articleKey(id), await this.kv.get(articleKey(id)));
    await applyPlan(this.kv, planArticleDelete(slug, id, stored));
    return stored;
  }

  private async readStates(articles: Article[]): Promise<StoredState[]> {
    const values = await bulkGet(
      this.kv,
      articles.flatMap((a) => [slugKey(a.slug), articleKey(a.id)]),
    );
    return articles.map((a) => ({
      slugOwner: values.get(slugKey(a.slug)) ?? null,
      stored: parseRecord(ArticleRecord, articleKey(a.id), values.get(articleKey(a.id)) ?? null),
    }));
  }
}
