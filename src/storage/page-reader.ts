import * as z from 'zod';
import { StoredArticle } from '../content/article-record';
import type { Article } from '../schema/article';
import { base64url, fromBase64url } from '../http/base64url';
import { ProblemError } from '../http/problem';
import { BULK_READ_MAX } from './bulk-get';
import {
  articleKey,
  idFromIndexKey,
  IndexMeta,
  indexKey,
  pageEntryOf,
  RecordMeta,
  type PageEntry,
  inScope,
  indexMeta,
  indexPrefix,
  type Scope,
} from './keys';
import { parseRecord } from './records';

/** Narrows a scope's listing further, e.g. a region feed to one tag, or the widget to one author and kind. */
export interface PageFilter {
  region?: string;
  tag?: string;
  author?: string;
  kind?: string;
}

export interface PageQuery {
  scope: Scope;
  filter?: PageFilter;
  limit: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string;
  /** Further keys (taxonomy records) to fetch in the same bulk read as the articles. */
  alsoGet?: string[];
}

export interface Page {
  articles: Article[];
  /** The version each article's record names in its metadata (null for records written before versions existed). */
  versions: (string | null)[];
  /** Cursor of the next (older) page, or null on the last page. */
  next: string | null;
  /** Raw values of `alsoGet` keys. */
  also: Map<string, string | null>;
}

/** KV returns at most 1000 keys per list call. */
const LIST_MAX = 1000;
/** Extra entries read past `limit` so a few stale or corrupt entries do not shorten a page. */
const SLACK = 5;

/**
 * A page cursor: KV's own list cursor where the listing started, plus how many entries of that
 * listing earlier pages consumed. KV's list has no "start after key", so this is how a page can end
 * on any entry and the next page resume right after it.
 */
const CursorState = z.tuple([z.string(), z.int().min(0).max(LIST_MAX)]);

export function encodeCursor(kvCursor: string, offset: number): string {
  return base64url(new TextEncoder().encode(JSON.stringify([kvCursor, offset])));
}

export function decodeCursor(cursor: string | undefined): [string, number] {
  if (cursor === undefined) return ['', 0];
  try {
    return CursorState.parse(JSON.parse(new TextDecoder().decode(fromBase64url(cursor) ?? undefined)));
  } catch {
    throw new ProblemError('bad-request', {
      detail: 'The cursor is not one this service issued; start from the first page.',
    });
  }
}

function matches(meta: IndexMeta, filter: PageFilter): boolean {
  return (
    (filter.region === undefined || meta.r.includes(filter.region)) &&
    (filter.tag === undefined || meta.t.includes(filter.tag)) &&
    (filter.author === undefined || meta.a.includes(filter.author)) &&
    (filter.kind === undefined || meta.k === filter.kind)
  );
}

/** The first step of a page: the scope's index entries from where the cursor points. */
export interface ScopeListing {
  result: KVNamespaceListResult<IndexMeta>;
  kvCursor: string;
  /** Index entries of `result` that earlier pages consumed. */
  offset: number;
  /** The entries past `offset` that pass the filter, with their positions among the listing's index entries. */
  candidates: { key: string; meta: IndexMeta | null; position: number }[];
  /** Stored feed pages of the scope, listed ahead of its index entries. */
  pages: PageEntry[];
}

/** Room in a scope's first listing for its stored pages (one per format, plus any not yet cleaned up). */
const PAGE_ENTRY_ROOM = 12;
/**
 * A scope's first listing covers at least this many entries whatever the page asks for, so that a stored page of the
 * longest feed page (100 items) can be checked, and used for shorter pages too.
 */
const FIRST_LISTING_MIN = 100;

/** How many keys an unfiltered listing asks KV for: the page, some slack, and on a first listing its stored pages. */
export function listLimit(kvCursor: string, offset: number, limit: number): number {
  return Math.min(
    LIST_MAX,
    kvCursor ? offset + limit + SLACK : Math.max(offset + limit, FIRST_LISTING_MIN) + SLACK + PAGE_ENTRY_ROOM,
  );
}

/** One `list` call: a scope's index entries, with enough past `limit` to make up for a few stale ones. */
export async function listScope(kv: KVNamespace, query: Omit<PageQuery, 'alsoGet'>): Promise<ScopeListing> {
  const filter = query.filter ?? {};
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const [kvCursor, offset] = decodeCursor(query.cursor);
  const prefix = indexPrefix(query.scope);
  const result = await kv.list<IndexMeta>({
    prefix,
    limit: filtered ? LIST_MAX : listLimit(kvCursor, offset, query.limit),
    ...(kvCursor ? { cursor: kvCursor } : {}),
  });
  const candidates: ScopeListing['candidates'] = [];
  const pages: PageEntry[] = [];
  // Positions count index entries only, so a stored page written between two requests moves no cursor.
  let position = 0;
  for (const k of result.keys) {
    const page = pageEntryOf(k.name, prefix);
    if (page !== null) {
      pages.push(page);
      continue;
    }
    if (position++ < offset) continue;
    const meta = IndexMeta.safeParse(k.metadata);
    // Entries without readable metadata are still candidates; the article itself decides.
    if (!meta.success || matches(meta.data, filter))
      candidates.push({ key: k.name, meta: meta.success ? meta.data : null, position: position - 1 });
  }
  return { result, kvCursor, offset, candidates, pages };
}

/** The cursor of the page that starts after the first `examined` candidates of a listing, or null on the last page. */
export function cursorAfter(listing: ScopeListing, examined: number): string | null {
  const next = listing.candidates[examined];
  if (next !== undefined) return encodeCursor(listing.kvCursor, next.position);
  return listing.result.list_complete ? null : encodeCursor(listing.result.cursor, 0);
}

/**
 * Reads one page of a scope, newest first, in at most two KV operations whatever the corpus size:
 * one `list` of the scope's index entries (their metadata answers the filter) and one bulk read of
 * the chosen articles together with `alsoGet`. Every article read is checked against the entry
 * that led to it, so entries left behind by an interrupted update or delete are never shown.
 */
export async function readPage(kv: KVNamespace, query: PageQuery): Promise<Page> {
  return readListed(kv, query, await listScope(kv, query));
}

/** The second step of readPage: one bulk read of the articles a listing names (and `alsoGet`), checked against it. */
export async function readListed(kv: KVNamespace, query: PageQuery, listing: ScopeListing): Promise<Page> {
  const filter = query.filter ?? {};
  const also = query.alsoGet ?? [];
  const chosen = listing.candidates.slice(0, Math.min(BULK_READ_MAX - also.length, query.limit + SLACK));
  const keys = [...also, ...chosen.map((c) => articleKey(idFromIndexKey(c.key)))];
  const values: Map<string, KVNamespaceGetWithMetadataResult<string, unknown> | null> =
    keys.length > 0 ? await kv.getWithMetadata(keys, 'text') : new Map();
  const text = (key: string) => values.get(key)?.value ?? null;

  const articles: Article[] = [];
  const versions: (string | null)[] = [];
  let examined = 0;
  for (const candidate of chosen) {
    if (articles.length === query.limit) break;
    examined++;
    const key = articleKey(idFromIndexKey(candidate.key));
    const article = parseRecord(StoredArticle, key, text(key));
    const current =
      article !== null && inScope(article, query.scope) && indexKey(query.scope, article) === candidate.key;
    if (current && matches(indexMeta(article), filter)) {
      articles.push(article);
      const meta = RecordMeta.safeParse(values.get(key)?.metadata);
      versions.push(meta.success ? meta.data.v : null);
    }
  }

  return { articles, versions, next: cursorAfter(listing, examined), also: new Map(also.map((k) => [k, text(k)])) };
}
