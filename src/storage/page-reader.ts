import * as z from 'zod';
import type { Article } from '../schema/article';
import { base64url, fromBase64url } from '../http/base64url';
import { ProblemError } from '../http/problem';
import { inScope, type Scope } from '../schema/scope';
import { BULK_READ_MAX } from './bulk-get';
import { type HeadIndex } from './head-index';
import { articleKey, IndexMeta, indexKey, indexMeta, indexPrefix } from './keys';
import { isolateParsedArticles, type ParsedArticles } from './parsed-articles';

/** Narrows a scope's entries further, e.g. a region feed to one tag, or the widget to one author and kind. */
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
}

/** KV returns at most 1000 keys per list call. */
const LIST_MAX = 1000;
/** Extra entries read past `limit` so a few stale or corrupt entries do not shorten a page. */
const SLACK = 5;

/**
 * A page cursor: KV's own list cursor where the listing started, plus how many entries of that listing earlier pages
 * consumed. KV's list has no "start after key", so this is how a page can end on any entry and the next page resume
 * right after it. A first page read from a head index issues ("", position): positions in a head are positions in the
 * scope's listing.
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

export function matches(meta: IndexMeta, filter: PageFilter): boolean {
  return (
    (filter.region === undefined || meta.r.includes(filter.region)) &&
    (filter.tag === undefined || meta.t.includes(filter.tag)) &&
    (filter.author === undefined || meta.a.includes(filter.author)) &&
    (filter.kind === undefined || meta.k === filter.kind)
  );
}

const isFiltered = (filter: PageFilter) => Object.values(filter).some((v) => v !== undefined);

/** An index entry that may go on the page: the key that names it, and what follows it. */
export interface Candidate {
  key: string;
  id: string;
}

/** The entries of a scope from where a page starts that pass its filter, and how to name the page after them. */
export interface Selection {
  candidates: Candidate[];
  /** The cursor of the page that starts after the first `examined` candidates, or null on the last page. */
  nextAfter(examined: number): string | null;
}

/** A first page's selection from the scope's head index: no KV operation beyond the head's own read. */
export function selectFromHead(head: HeadIndex, query: Pick<PageQuery, 'scope' | 'filter'>): Selection {
  const filter = query.filter ?? {};
  const prefix = indexPrefix(query.scope);
  const positions: number[] = [];
  const candidates: Candidate[] = [];
  head.entries.forEach((e, position) => {
    if (!matches(e, filter)) return;
    candidates.push({ key: `${prefix}${e.s}:${e.id}`, id: e.id });
    positions.push(position);
  });
  return {
    candidates,
    nextAfter(examined) {
      if (examined < candidates.length) return encodeCursor('', positions[examined]!);
      return head.complete ? null : encodeCursor('', head.entries.length);
    },
  };
}

/** How many keys an unfiltered listing asks KV for: the page and some slack. */
export function listLimit(offset: number, limit: number): number {
  return Math.min(LIST_MAX, offset + limit + SLACK);
}

/** One `list` call: a scope's index entries from a cursor, with enough past `limit` to make up for a few stale ones. */
export async function selectFromListing(kv: KVNamespace, query: PageQuery): Promise<Selection> {
  const filter = query.filter ?? {};
  const [kvCursor, offset] = decodeCursor(query.cursor);
  const prefix = indexPrefix(query.scope);
  const result = await kv.list<IndexMeta>({
    prefix,
    limit: isFiltered(filter) ? LIST_MAX : listLimit(offset, query.limit),
    ...(kvCursor ? { cursor: kvCursor } : {}),
  });
  const candidates: Candidate[] = [];
  const positions: number[] = [];
  result.keys.forEach((k, position) => {
    if (position < offset) return;
    const meta = IndexMeta.safeParse(k.metadata);
    // Entries without readable metadata are still candidates; the article itself decides.
    if (meta.success && !matches(meta.data, filter)) return;
    candidates.push({ key: k.name, id: k.name.slice(k.name.lastIndexOf(':') + 1) });
    positions.push(position);
  });
  return {
    candidates,
    nextAfter(examined) {
      if (examined < candidates.length) return encodeCursor(kvCursor, positions[examined]!);
      return result.list_complete ? null : encodeCursor(result.cursor, 0);
    },
  };
}

export interface Page {
  articles: Article[];
  /** Cursor of the next (older) page, or null on the last page. */
  next: string | null;
  /** Raw values of `alsoGet` keys. */
  also: Map<string, string | null>;
}

/**
 * The second step of a page: one bulk read of the articles a selection names (and `alsoGet`, e.g. the taxonomy
 * snapshot), each checked against the entry that led to it, so entries left behind by an interrupted update or
 * delete, or a head not yet rebuilt, are never shown.
 */
export async function readSelected(
  kv: KVNamespace,
  query: PageQuery,
  selection: Selection,
  alsoGet: readonly string[] = [],
  parsed: ParsedArticles = isolateParsedArticles,
): Promise<Page> {
  const filter = query.filter ?? {};
  const chosen = selection.candidates.slice(0, Math.min(BULK_READ_MAX - alsoGet.length, query.limit + SLACK));
  const keys = [...alsoGet, ...chosen.map((c) => articleKey(c.id))];
  const values: Map<string, string | null> = keys.length > 0 ? await kv.get(keys, 'text') : new Map();
  const text = (key: string) => values.get(key) ?? null;

  const articles: Article[] = [];
  let examined = 0;
  for (const candidate of chosen) {
    if (articles.length === query.limit) break;
    examined++;
    const key = articleKey(candidate.id);
    const article = parsed.parse(key, text(key));
    const current =
      article !== null && inScope(article, query.scope) && indexKey(query.scope, article) === candidate.key;
    if (current && matches(indexMeta(article), filter)) articles.push(article);
  }
  return { articles, next: selection.nextAfter(examined), also: new Map(alsoGet.map((k) => [k, text(k)])) };
}
