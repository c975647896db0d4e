import { prepareArticle, StoredArticle } from '../content/article-record';
import { ArticleRecord, type Article } from '../schema/article';
import { ProblemError, problemBody } from '../http/problem';
import { BULK_READ_MAX, bulkGet } from './bulk-get';
import { articleKey, itemKey, slugKey } from './keys';
import { parseRecord } from './records';
import type { ItemRenderer } from './rendered-items';
import { parseSnapshot, SNAPSHOT_KEY, type TaxonomySnapshot } from './taxonomy-snapshot';
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

/** What a publish reads first: each article's stored state, and the taxonomy its items are rendered with. */
interface PublishState {
  states: StoredState[];
  taxonomy: TaxonomySnapshot;
}

export class ArticleStore {
  /** @param items renders the articles' feed items, written with each publish (src/storage/rendered-items.ts) */
  constructor(
    private readonly kv: KVNamespace,
    private readonly items?: ItemRenderer,
  ) {}

  async get(slug: string): Promise<Article | null> {
    const id = await this.kv.get(slugKey(slug));
    if (id === null) return null;
    const article = parseRecord(StoredArticle, articleKey(id), await this.kv.get(articleKey(id)));
    return article?.slug === slug ? article : null;
  }

  /** Creates or replaces one article, its body sanitized (prepareArticle); resolves to what happened. */
  async put(input: Article): Promise<WriteOutcome> {
    const article = prepareArticle(input);
    const { states, taxonomy } = await this.readStates([article]);
    const plan = planArticleWrite(article, states[0]!, await this.renderedItems(article, taxonomy));
    await applyPlan(this.kv, plan.phases);
    return { status: plan.status, previous: states[0]!.stored, current: article };
  }

  /**
   * Publishes many articles. Each item is written whole or not at all; items are independent, so
   * one invalid or conflicting item does not hold back the others. `reserve` operations of the invocation's budget are
   * left for what follows the writes.
   */
  async putMany(inputs: Article[], instance: string, reserve: number): Promise<BatchOutcome> {
    const { states, taxonomy } = await this.readStates(inputs);
    let budget = KV_OPS_PER_INVOCATION - Math.ceil(this.stateKeys(inputs).length / BULK_READ_MAX) - reserve;
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
        const plan = planArticleWrite(article, states[i]!, await this.renderedItems(article, taxonomy));
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
    await applyPlan(this.kv, planArticleDelete(slug, id, stored, this.itemKeys(id)));
    return stored;
  }

  /**
   * Renders the items of these articles again from their records, as stored now, and writes those that differ; an
   * item whose article has no record any more is deleted. Resolves to the ids whose item was written or deleted.
   */
  async refreshItems(ids: readonly string[]): Promise<string[]> {
    if (this.items === undefined) return [];
    const unique = [...new Set(ids)];
    const values = await bulkGet(this.kv, [SNAPSHOT_KEY, ...unique.flatMap((id) => [articleKey(id), itemKey(id)])]);
    const taxonomy = parseSnapshot(values.get(SNAPSHOT_KEY) ?? null);
    const written: string[] = [];
    for (const id of unique) {
      const record = values.get(articleKey(id)) ?? null;
      const stored = values.get(itemKey(id)) ?? null;
      if (record === null) {
        if (stored !== null) {
          await this.kv.delete(itemKey(id));
          written.push(id);
        }
        continue;
      }
      // A damaged record (logged) keeps whatever item it has: there is nothing better to render it from.
      const article = parseRecord(StoredArticle, articleKey(id), record);
      if (article === null) continue;
      const value = await this.items.render(article, taxonomy);
      if (value === stored) continue;
      await this.kv.put(itemKey(id), value);
      written.push(id);
    }
    return written;
  }

  /** The key of the article's rendered items, when this store keeps them. */
  private itemKeys(id: string): string[] {
    return this.items === undefined ? [] : [itemKey(id)];
  }

  /** The article's rendered items by key, as they should be stored; none without a renderer. */
  private async renderedItems(article: Article, taxonomy: TaxonomySnapshot): Promise<Map<string, string>> {
    if (this.items === undefined) return new Map();
    return new Map([[itemKey(article.id), await this.items.render(article, taxonomy)]]);
  }

  /** Every key a publish reads first: the slugs, records and items of the articles, and the taxonomy snapshot. */
  private stateKeys(articles: readonly Article[]): string[] {
    const keys = articles.flatMap((a) => [slugKey(a.slug), articleKey(a.id), ...this.itemKeys(a.id)]);
    return this.items === undefined ? keys : [...keys, SNAPSHOT_KEY];
  }

  private async readStates(articles: Article[]): Promise<PublishState> {
    const values = await bulkGet(this.kv, this.stateKeys(articles));
    const states = articles.map((a) => ({
      slugOwner: values.get(slugKey(a.slug)) ?? null,
      stored: parseRecord(ArticleRecord, articleKey(a.id), values.get(articleKey(a.id)) ?? null),
      items: new Map(this.itemKeys(a.id).map((key) => [key, values.get(key) ?? null])),
    }));
    return { states, taxonomy: parseSnapshot(values.get(SNAPSHOT_KEY) ?? null) };
  }
}
