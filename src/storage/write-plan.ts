import type { Article } from '../schema/article';
import { ProblemError } from '../http/problem';
import { articleRecordText } from '../content/article-record';
import { articleKey, indexEntries, KV_METADATA_LIMIT, slugKey, type IndexMeta } from './keys';

export type KvWrite = { op: 'put'; key: string; value: string; metadata?: IndexMeta } | { op: 'delete'; key: string };

/**
 * The KV writes that publish one article, in phases run one after another (writes inside a phase
 * run in parallel). The order keeps readers correct at every instant, even if the Worker dies
 * between phases: new index entries appear first but are ignored until the record they point to
 * matches them; the record is switched in one write; stale entries are removed last and are
 * ignored by readers meanwhile, because they no longer match the record.
 *
 * The article's rendered feed items (src/storage/rendered-items.ts) go with the first phase, before the record: a
 * reader uses an item only when it agrees with the index entry that led to it, so a new item for a moved or redated
 * article waits for its entries, and in the publishing location no reader after the record's write can find an item
 * older than the record.
 */
export interface WritePlan {
  status: 'created' | 'updated' | 'unchanged';
  phases: KvWrite[][];
}

export interface StoredState {
  /** The id that owns the slug, if any. */
  slugOwner: string | null;
  /** The record currently stored under the article's id, if any, as stored (ArticleRecord: not cleaned again). */
  stored: Article | null;
  /** The article's rendered items as stored, by key (none when the store keeps none). */
  items: ReadonlyMap<string, string | null>;
}

/** `items`: the article's rendered items by key, each written unless it is stored already. */
export function planArticleWrite(
  article: Article,
  state: StoredState,
  items: ReadonlyMap<string, string> = new Map(),
): WritePlan {
  if (state.slugOwner !== null && state.slugOwner !== article.id) {
    throw new ProblemError('conflict', {
      detail: `The slug "${article.slug}" belongs to article "${state.slugOwner}"; an article's id never changes.`,
    });
  }
  const record = articleRecordText(article);
  const entries = indexEntries(article);
  const metaBytes = new TextEncoder().encode(JSON.stringify(entries[0]?.metadata)).length;
  if (metaBytes > KV_METADATA_LIMIT) {
    throw new ProblemError('validation-failed', {
      errors: [
        {
          pointer: '#/tags',
          detail: `regions, tags and author slugs together are too long to index (${metaBytes} of ${KV_METADATA_LIMIT} bytes)`,
        },
      ],
    });
  }
  const { stored } = state;
  const itemPuts: KvWrite[] = [...items]
    .filter(([key, value]) => state.items.get(key) !== value)
    .map(([key, value]) => ({ op: 'put', key, value }));
  // An unchanged record whose items were rendered by an earlier renderer or taxonomy gets them rendered again.
  if (stored !== null && JSON.stringify(stored) === record)
    return { status: 'unchanged', phases: itemPuts.length > 0 ? [itemPuts] : [] };

  const oldEntries = new Map((stored ? indexEntries(stored) : []).map((e) => [e.key, JSON.stringify(e.metadata)]));
  const newKeys = new Set(entries.map((e) => e.key));
  const indexPuts: KvWrite[] = entries
    .filter((e) => oldEntries.get(e.key) !== JSON.stringify(e.metadata))
    .map((e) => ({ op: 'put', key: e.key, value: '', metadata: e.metadata }));
  const recordPuts: KvWrite[] = [{ op: 'put', key: articleKey(article.id), value: record }];
  if (state.slugOwner === null) recordPuts.push({ op: 'put', key: slugKey(article.slug), value: article.id });
  const cleanup: KvWrite[] = [...oldEntries.keys()]
    .filter((key) => !newKeys.has(key))
    .map((key) => ({ op: 'delete', key }));
  if (stored !== null && stored.slug !== article.slug) cleanup.push({ op: 'delete', key: slugKey(stored.slug) });

  return {
    status: stored === null ? 'created' : 'updated',
    phases: [[...indexPuts, ...itemPuts], recordPuts, cleanup].filter((phase) => phase.length > 0),
  };
}

/**
 * Removes an article everywhere: its index entries while the record still names them, then the record with its
 * rendered items (`itemKeys`), then the slug.
 */
export function planArticleDelete(
  slug: string,
  id: string,
  stored: Article | null,
  itemKeys: readonly string[] = [],
): KvWrite[][] {
  const entries = stored === null ? [] : indexEntries(stored);
  const phases: KvWrite[][] = [
    entries.map((e): KvWrite => ({ op: 'delete', key: e.key })),
    [{ op: 'delete', key: articleKey(id) }, ...itemKeys.map((key): KvWrite => ({ op: 'delete', key }))],
    [{ op: 'delete', key: slugKey(slug) }],
  ];
  return phases.filter((phase) => phase.length > 0);
}

export function planCost(phases: KvWrite[][]): number {
  return phases.reduce((sum, phase) => sum + phase.length, 0);
}

export async function applyPlan(kv: KVNamespace, phases: KvWrite[][]): Promise<void> {
  for (const phase of phases) {
    await Promise.all(
      phase.map((w) =>
        w.op === 'put' ? kv.put(w.key, w.value, w.metadata ? { metadata: w.metadata } : undefined) : kv.delete(w.key),
      ),
    );
  }
}
