/**
 * The one way into content storage: articles, taxonomy, scope pages and publishing, behind a small interface with a
 * Workers KV implementation. It owns the keys (docs/storage.md), the taxonomy snapshot's isolate copy, the deadline of
 * every storage step and the validation of every record read; routes, renderers and pages take a ContentStore and
 * never see a namespace.
 */
import { fromStorage, WRITE_DEADLINE_MS } from '../http/storage-unavailable';
import type { Article } from '../schema/article';
import { scopeFromId, scopeId, type Scope } from '../schema/scope';
import type { ScopeType, Term } from '../schema/taxonomy';
import { ArticleStore, type BatchOutcome, type ItemStatus, type WriteOutcome } from './article-store';
import { bulkGet, BULK_READ_MAX } from './bulk-get';
import {
  emptyHead,
  HEAD_SIZE,
  headChange,
  HeadIndex,
  headFromListing,
  mergeHead,
  scopesOfChange,
  type HeadChange,
} from './head-index';
import { headKey, indexPrefix, SCOPE_COUNTS_KEY } from './keys';
import { isolateParsedArticles, type ParsedArticles } from './parsed-articles';
import {
  readRendered,
  readSelected,
  selectFromHead,
  selectFromListing,
  type PageQuery,
  type Selection,
} from './page-reader';
import { publishedBetween } from './published-between';
import { parseRecord } from './records';
import type { ItemRenderer, ItemsPage } from './rendered-items';
import { applyToCounts, countScopes, ScopeCounts } from './scope-counts';
import {
  forgetSnapshot,
  recentSnapshot,
  rememberSnapshot,
  SNAPSHOT_KEY,
  type TaxonomySnapshot,
} from './taxonomy-snapshot';
import { TermStore } from './term-store';

/** One page of a scope, with the taxonomy its rendering needs. */
export interface ScopePage {
  articles: Article[];
  /** Cursor of the next (older) page, or null on the last page. */
  next: string | null;
  taxonomy: TaxonomySnapshot;
}

/** An article's change: the record before (null when new) and after (null when deleted). */
export interface ContentChange {
  previous: Article | null;
  current: Article | null;
}

/** The scopes a batch of changes touched, and those whose head did not show them yet and was written. */
export interface MergedHeads {
  scopes: Scope[];
  written: Scope[];
}

export interface ContentStore {
  /**
   * One page of a scope, newest first, with the taxonomy snapshot, in at most two KV operations: a first page reads the
   * scope's head index (one `get`), a later page (`cursor`) lists the scope; then one bulk read of the articles.
   */
  page(query: PageQuery): Promise<ScopePage>;
  /**
   * A feed's page in `format`, as page() chooses it: each item as rendered at publish where it is current, otherwise
   * its article. In two KV operations when every item is current, three when some must be rendered from their records.
   */
  feedPage(query: PageQuery, format: string): Promise<ItemsPage>;
  /** The taxonomy snapshot: this isolate's copy for a few seconds, otherwise one read. */
  taxonomy(): Promise<TaxonomySnapshot>;
  /** Article counts of every scope, for the directory: one read. */
  scopeCounts(): Promise<ScopeCounts>;
  /**
   * The articles of every kind published from `fromMs` (inclusive) to `untilMs` (exclusive), oldest first: the weekly
   * round-up's. A few `list` calls of the site index (a week: at most 8) and one bulk read.
   */
  publishedBetween(fromMs: number, untilMs: number): Promise<Article[]>;
  article(slug: string): Promise<Article | null>;
  /** Creates or replaces an article and updates the head indexes of its scopes in this location. */
  publish(article: Article): Promise<WriteOutcome>;
  publishMany(articles: Article[], instance: string): Promise<BatchOutcome>;
  /** Deletes an article everywhere; the deleted record, null when it was unreadable, false when there was none. */
  unpublish(slug: string): Promise<Article | null | false>;
  term(type: ScopeType, slug: string): Promise<Term | null>;
  terms(type: ScopeType): Promise<Term[]>;
  putTerms(type: ScopeType, terms: Term[]): Promise<ItemStatus[]>;
  deleteTerm(type: ScopeType, slug: string): Promise<boolean>;
  /**
   * The scheduled repair: rebuilds the taxonomy snapshot from the records, and the heads and counts when there are none
   * (content stored before they existed); resolves to whether anything a feed shows changed.
   */
  repair(): Promise<boolean>;
  /** The rebuild queue's first step: merges changes into the heads of the scopes they touch; resolves to those scopes. */
  mergeHeads(changes: readonly HeadChange[]): Promise<MergedHeads>;
  /**
   * The rebuild queue's re-verification: rebuilds heads from the per-entry index keys, and the directory counts, once a
   * change has propagated; resolves to the scopes whose head was wrong.
   */
  rebuildHeads(scopes: readonly Scope[]): Promise<Scope[]>;
  /**
   * The rebuild queue's rendering: renders the feed items of these articles again from their records and writes those
   * that differ from what is stored (an article without a record loses its item); resolves to the ids written.
   */
  refreshItems(ids: readonly string[]): Promise<string[]>;
}

/**
 * How long a location may keep a head it read (KV `cacheTtl`, whose minimum is 30 s; Workers KV limits). A change
 * reaches other locations in about 60 s anyway (KV's propagation); this adds at most as much again, and saves the cold
 * read a rarely polled scope's miss would otherwise pay.
 */
export const HEAD_CACHE_TTL_SECONDS = 60;

/**
 * Operations a batch publish keeps for the heads of the scopes it touched: one bulk read per 100 keys and one write per
 * scope. Scopes beyond it are left to the rebuild queue.
 */
const HEAD_RESERVE = 110;

const uniqueScopes = (scopes: Iterable<Scope>): Scope[] => [
  ...new Map([...scopes].map((s) => [scopeId(s), s])).values(),
];

export class KvContentStore implements ContentStore {
  private readonly articles: ArticleStore;
  private readonly termStore: TermStore;

  /**
   * @param kv the namespace as this request sees it (its operations may be counted)
   * @param binding the binding itself: the isolate keeps the taxonomy snapshot it last read per binding
   * @param parsed the articles this isolate parsed before (src/storage/parsed-articles.ts)
   * @param items renders feed items when articles are published (src/storage/rendered-items.ts); without one, none
   *   are written and feeds render every record they show
   */
  constructor(
    private readonly kv: KVNamespace,
    private readonly binding: object = kv,
    private readonly parsed: ParsedArticles = isolateParsedArticles,
    private readonly items?: ItemRenderer,
  ) {
    this.articles = new ArticleStore(kv, items);
    this.termStore = new TermStore(kv);
  }

  page(query: PageQuery): Promise<ScopePage> {
    return fromStorage('feed page', async () => {
      const known = recentSnapshot(this.binding);
      const page = await readSelected(
        this.kv,
        query,
        await this.select(query),
        known ? [] : [SNAPSHOT_KEY],
        this.parsed,
      );
      return {
        articles: page.articles,
        next: page.next,
        taxonomy: known ?? rememberSnapshot(this.binding, page.also.get(SNAPSHOT_KEY) ?? null),
      };
    });
  }

  feedPage(query: PageQuery, format: string): Promise<ItemsPage> {
    const renderer = this.items;
    if (renderer === undefined) {
      return this.page(query).then(({ articles, next, taxonomy }) => ({
        items: articles,
        next,
        taxonomy,
      }));
    }
    return fromStorage('feed page', async () => {
      const known = recentSnapshot(this.binding);
      const taxonomy = known
        ? { known }
        : { key: SNAPSHOT_KEY, parse: (text: string | null) => rememberSnapshot(this.binding, text) };
      return readRendered(this.kv, query, await this.select(query), format, renderer, taxonomy, this.parsed);
    });
  }

  /** The entries a page starts from: the scope's head for a first page, a listing for a later one or a damaged head. */
  private async select(query: PageQuery): Promise<Selection> {
    const head = query.cursor === undefined ? await this.head(query.scope) : null;
    return head !== null ? selectFromHead(head, query) : selectFromListing(this.kv, query);
  }

  /** A scope's head; one never written is an empty scope, a damaged one (logged) null, so the caller lists instead. */
  private async head(scope: Scope): Promise<HeadIndex | null> {
    const text = await this.kv.get(headKey(scope), { type: 'text', cacheTtl: HEAD_CACHE_TTL_SECONDS });
    return text === null ? emptyHead() : parseRecord(HeadIndex, headKey(scope), text);
  }

  taxonomy(): Promise<TaxonomySnapshot> {
    const known = recentSnapshot(this.binding);
    if (known) return Promise.resolve(known);
    return fromStorage('taxonomy', async () => rememberSnapshot(this.binding, await this.kv.get(SNAPSHOT_KEY)));
  }

  scopeCounts(): Promise<ScopeCounts> {
    return fromStorage('scope counts', async () => {
      const stored = parseRecord(ScopeCounts, SCOPE_COUNTS_KEY, await this.kv.get(SCOPE_COUNTS_KEY));
      // Only before the first publish of this version: counting lists the site index once.
      return stored ?? countScopes(this.kv);
    });
  }

  publishedBetween(fromMs: number, untilMs: number): Promise<Article[]> {
    return fromStorage('articles of a span', () => publishedBetween(this.kv, this.parsed, fromMs, untilMs));
  }

  article(slug: string): Promise<Article | null> {
    return fromStorage('read article', () => this.articles.get(slug));
  }

  publish(article: Article): Promise<WriteOutcome> {
    return fromStorage(
      'publish',
      async () => {
        const outcome = await this.articles.put(article);
        if (outcome.status !== 'unchanged') await this.applyHere([outcome], Infinity);
        return outcome;
      },
      WRITE_DEADLINE_MS,
    );
  }

  publishMany(articles: Article[], instance: string): Promise<BatchOutcome> {
    return fromStorage(
      'publish batch',
      async () => {
        const outcome = await this.articles.putMany(articles, instance, HEAD_RESERVE);
        await this.applyHere(outcome.changed, HEAD_RESERVE);
        return outcome;
      },
      WRITE_DEADLINE_MS * 3,
    );
  }

  unpublish(slug: string): Promise<Article | null | false> {
    return fromStorage(
      'delete article',
      async () => {
        const deleted = await this.articles.delete(slug);
        if (deleted) await this.applyHere([{ previous: deleted, current: null }], Infinity);
        return deleted;
      },
      WRITE_DEADLINE_MS,
    );
  }

  /**
   * Read-your-writes in the location that made the change: its heads and counts are updated at once (KV shows a write
   * at once where it was made). This is a read-modify-write of shared keys, so a concurrent change elsewhere may win
   * the race; the rebuild queue merges every change again, and re-verifies from the index keys. So a failure here is
   * logged, never thrown: the change itself is stored.
   */
  private async applyHere(outcomes: readonly ContentChange[], budget: number): Promise<void> {
    if (outcomes.length === 0) return;
    const changes = outcomes.map((o) => headChange(o.previous, o.current));
    try {
      const scopes = uniqueScopes(changes.flatMap(scopesOfChange));
      const writable = scopes.slice(0, Math.max(0, budget - Math.ceil((scopes.length + 1) / BULK_READ_MAX) - 1));
      const values = await bulkGet(this.kv, [SCOPE_COUNTS_KEY, ...writable.map(headKey)]);
      await Promise.all([
        ...writable.map((scope) => this.writeHead(scope, values.get(headKey(scope)) ?? null, changes)),
        this.writeCounts(values.get(SCOPE_COUNTS_KEY) ?? null, changes),
      ]);
    } catch (error) {
      console.error(JSON.stringify({ event: 'head.update_failed', error: String(error) }));
    }
  }

  /** Merges the changes into a scope's head; resolves to whether the head was written (it had not shown them). */
  private async writeHead(scope: Scope, text: string | null, changes: readonly HeadChange[]): Promise<boolean> {
    const head = text === null ? emptyHead() : parseRecord(HeadIndex, headKey(scope), text);
    // A damaged head is not merged into; the re-verification rebuilds it from the index keys.
    if (head === null) return false;
    const merged = JSON.stringify(mergeHead(head, scope, changes));
    if (merged === text) return false;
    await this.kv.put(headKey(scope), merged);
    return true;
  }

  private async writeCounts(text: string | null, changes: readonly HeadChange[]): Promise<void> {
    const stored = parseRecord(ScopeCounts, SCOPE_COUNTS_KEY, text);
    const next = stored === null ? await countScopes(this.kv) : applyToCounts(stored, changes);
    const value = JSON.stringify(next);
    if (value !== text) await this.kv.put(SCOPE_COUNTS_KEY, value);
  }

  term(type: ScopeType, slug: string): Promise<Term | null> {
    return fromStorage('read taxonomy', () => this.termStore.get(type, slug));
  }

  terms(type: ScopeType): Promise<Term[]> {
    return fromStorage('list taxonomy', () => this.termStore.list(type), WRITE_DEADLINE_MS);
  }

  putTerms(type: ScopeType, terms: Term[]): Promise<ItemStatus[]> {
    return this.changingTaxonomy('write taxonomy', () => this.termStore.put(type, terms));
  }

  deleteTerm(type: ScopeType, slug: string): Promise<boolean> {
    return this.changingTaxonomy('delete taxonomy', () => this.termStore.delete(type, slug));
  }

  /** Pages rendered in this isolate use the new names at once, whatever the outcome; other isolates within seconds. */
  private async changingTaxonomy<T>(what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await fromStorage(what, step, WRITE_DEADLINE_MS);
    } finally {
      forgetSnapshot(this.binding);
    }
  }

  async repair(): Promise<boolean> {
    const renamed = await this.termStore.refreshSnapshot();
    if ((await this.kv.get(SCOPE_COUNTS_KEY)) !== null) return renamed;
    const { counts } = await countScopes(this.kv);
    const repaired = await this.rebuildHeads(Object.keys(counts).flatMap((id) => scopeFromId(id) ?? []));
    return renamed || repaired.length > 0;
  }

  mergeHeads(changes: readonly HeadChange[]): Promise<MergedHeads> {
    return fromStorage(
      'merge heads',
      async () => {
        const scopes = uniqueScopes(changes.flatMap(scopesOfChange));
        const written: Scope[] = [];
        for (let i = 0; i < scopes.length; i += BULK_READ_MAX) {
          const chunk = scopes.slice(i, i + BULK_READ_MAX);
          const values = await bulkGet(this.kv, chunk.map(headKey));
          const wrote = await Promise.all(
            chunk.map((scope) => this.writeHead(scope, values.get(headKey(scope)) ?? null, changes)),
          );
          written.push(...chunk.filter((_, j) => wrote[j]));
        }
        return { scopes, written };
      },
      WRITE_DEADLINE_MS,
    );
  }

  refreshItems(ids: readonly string[]): Promise<string[]> {
    return fromStorage('render items', () => this.articles.refreshItems(ids), WRITE_DEADLINE_MS * 3);
  }

  rebuildHeads(scopes: readonly Scope[]): Promise<Scope[]> {
    return fromStorage(
      'rebuild heads',
      async () => {
        const changed: Scope[] = [];
        const unique = uniqueScopes(scopes);
        for (let i = 0; i < unique.length; i += BULK_READ_MAX) {
          const chunk = unique.slice(i, i + BULK_READ_MAX);
          const values = await bulkGet(this.kv, chunk.map(headKey));
          await Promise.all(
            chunk.map(async (scope) => {
              const prefix = indexPrefix(scope);
              const listing = await this.kv.list({ prefix, limit: HEAD_SIZE });
              const rebuilt = JSON.stringify(headFromListing(prefix, listing));
              if (rebuilt === values.get(headKey(scope))) return;
              await this.kv.put(headKey(scope), rebuilt);
              changed.push(scope);
            }),
          );
        }
        const counts = JSON.stringify(await countScopes(this.kv));
        if ((await this.kv.get(SCOPE_COUNTS_KEY)) !== counts) await this.kv.put(SCOPE_COUNTS_KEY, counts);
        return changed;
      },
      WRITE_DEADLINE_MS * 3,
    );
  }
}
