/**
 * A scope's head index: the newest HEAD_SIZE entries of its per-entry index (`idx:<scope>:…`), with the metadata each
 * entry carries, in one value under a fixed key (docs/storage.md). A cache miss reads it with one `get` instead of
 * listing the scope; KV `list` is billed like a write and cannot be cached at the edge, a `get` can (cacheTtl).
 * The per-entry keys stay the source of truth; a head is derived from them and may always be rebuilt from them.
 */
import * as z from 'zod';
import type { Article } from '../schema/article';
import { inScope, scopesOf, type Scope } from '../schema/scope';
import { IndexMeta, indexMeta, sortKey } from './keys';

/** Entries a head holds: a full first page (100 items) with room for filters (`?tag=`, widget selections). */
export const HEAD_SIZE = 200;

export const HeadEntry = IndexMeta.extend({
  /** Article id. */
  id: z.string(),
  /** sortKey of its publication date, as in its index keys. */
  s: z.string(),
});
export type HeadEntry = z.infer<typeof HeadEntry>;

export const HeadIndex = z.object({
  /** Newest first, in the order KV lists the scope's index keys (`<sort>:<id>`). */
  entries: z.array(HeadEntry),
  /** True when the entries are the whole scope; otherwise older ones exist beyond them. */
  complete: z.boolean(),
});
export type HeadIndex = z.infer<typeof HeadIndex>;

/** A scope nothing has been published in yet: a head that was never written. */
export const emptyHead = (): HeadIndex => ({ entries: [], complete: true });

/** The head entry of an article: what its index entries say about it. */
export function headEntry(article: Article): HeadEntry {
  // In the schema's key order, so an entry made here and one read back serialise alike and an unchanged head is
  // never written again.
  return { ...indexMeta(article), id: article.id, s: sortKey(article.publishedAt) };
}

/** One article's change: the entry it had before (null when new) and the one it has now (null when deleted). */
export const HeadChange = z.object({ before: HeadEntry.nullable(), after: HeadEntry.nullable() });
export type HeadChange = z.infer<typeof HeadChange>;

export function headChange(previous: Article | null, current: Article | null): HeadChange {
  return { before: previous && headEntry(previous), after: current && headEntry(current) };
}

const byListingOrder = (a: HeadEntry, b: HeadEntry) => (a.s === b.s ? cmp(a.id, b.id) : cmp(a.s, b.s));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An entry's classification in the shape of an article's, for scopesOf and inScope. */
const classified = (e: HeadEntry) => ({
  kind: e.k as Article['kind'],
  regions: e.r as Article['regions'],
  tags: e.t,
  authors: e.a.map((slug) => ({ slug, name: '' })),
});

/** Every scope an entry is listed under. */
export const scopesOfEntry = (entry: HeadEntry): Scope[] => scopesOf(classified(entry));

/** Every scope a change touches: those of the entry before and after it. */
export function scopesOfChange(change: HeadChange): Scope[] {
  return [change.before, change.after].flatMap((e) => (e === null ? [] : scopesOfEntry(e)));
}

/**
 * Applies changes to a scope's head, in order. Idempotent (an article's entry is replaced, never added twice), so the
 * publishing request and the rebuild queue may both apply the same change. Entries pushed past HEAD_SIZE are dropped
 * and the head is then no longer complete.
 */
export function mergeHead(head: HeadIndex, scope: Scope, changes: readonly HeadChange[]): HeadIndex {
  let { entries, complete } = head;
  for (const { before, after } of changes) {
    const id = after?.id ?? before?.id;
    entries = entries.filter((e) => e.id !== id);
    if (after === null || !inScope(classified(after), scope)) continue;
    // An entry older than a truncated head's last one belongs beyond it, where listing finds it.
    const last = entries.at(-1);
    if (!complete && last !== undefined && byListingOrder(after, last) > 0) continue;
    entries = [...entries, after].sort(byListingOrder);
  }
  if (entries.length > HEAD_SIZE) {
    entries = entries.slice(0, HEAD_SIZE);
    complete = false;
  }
  return { entries, complete };
}

/** A head from a listing of the scope's index keys (`list` with prefix, limit HEAD_SIZE). */
export function headFromListing(
  prefix: string,
  listing: Pick<KVNamespaceListResult<unknown>, 'keys' | 'list_complete'>,
): HeadIndex {
  const entries: HeadEntry[] = [];
  for (const key of listing.keys.slice(0, HEAD_SIZE)) {
    const [s = '', id = ''] = key.name.slice(prefix.length).split(':');
    const meta = IndexMeta.safeParse(key.metadata);
    // An entry without readable metadata cannot be filtered; like a listing, its article decides (an empty filter set).
    entries.push({ ...(meta.success ? meta.data : { k: '', r: [], t: [], a: [] }), id, s });
  }
  return { entries, complete: listing.list_complete && listing.keys.length <= HEAD_SIZE };
}
