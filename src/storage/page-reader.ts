import * as z from 'zod';
import type { Article } from '../schema/article';
import { base64url, fromBase64url } from '../http/base64url';
import { ProblemError } from '../http/problem';
import { inScope, type Scope } from '../schema/scope';
import { BULK_READ_MAX } from './bulk-get';
import type { HeadEntry, HeadIndex } from './head-index';
import { articleKey, IndexMeta, indexKey, indexMeta, indexPrefix, itemKey } from './keys';
import { isolateParsedArticles, type ParsedArticles } from './parsed-articles';
import type { ItemRenderer, ItemsPage } from './rendered-items';
import type { TaxonomySnapshot } from './taxonomy-snapshot';

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
  /** What the index entry says of its article; null when a listed key's metadata is unreadable. */
  entry: HeadEntry | null;
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
    candidates.push({ key: `${prefix}${e.s}:${e.id}`, id: e.id, entry: e });
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
    const [s = '', id = ''] = k.name.slice(prefix.length).split(':');
    candidates.push({ key: k.name, id, entry: meta.success ? { ...meta.data, id, s } : null });
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
  const chosen = selection.candidates.slice(0, Math.min(BULK_READ_MAX - alsoGet.length, query.limit + SLACK));
  const values = await readValues(kv, [...alsoGet, ...chosen.map((c) => articleKey(c.id))]);
  const articles: Article[] = [];
  let examined = 0;
  for (const candidate of chosen) {
    if (articles.length === query.limit) break;
    examined++;
    const article = currentArticle(query, candidate, values, parsed);
    if (article !== null) articles.push(article);
  }
  return {
    articles,
    next: selection.nextAfter(examined),
    also: new Map(alsoGet.map((k) => [k, values.get(k) ?? null])),
  };
}

const readValues = async (kv: KVNamespace, keys: string[]): Promise<Map<string, string | null>> =>
  keys.length > 0 ? kv.get(keys, 'text') : new Map();

/** The candidate's article if its record still agrees with the entry that led to it and passes the page's filter. */
function currentArticle(
  query: PageQuery,
  candidate: Candidate,
  values: Map<string, string | null>,
  parsed: ParsedArticles,
): Article | null {
  const key = articleKey(candidate.id);
  const article = parsed.parse(key, values.get(key) ?? null);
  const current = article !== null && inScope(article, query.scope) && indexKey(query.scope, article) === candidate.key;
  return current && matches(indexMeta(article), query.filter ?? {}) ? article : null;
}

/**
 * A feed's page from the items rendered at publish: one bulk read of the chosen entries' items (and
 * `taxonomy`'s key when it must be read), each used in `format` when the renderer finds it current for its entry. Only the
 * articles whose item is missing or outdated are read, in a second bulk read, and checked as readSelected checks them.
 */
export async function readRendered(
  kv: KVNamespace,
  query: PageQuery,
  selection: Selection,
  format: string,
  renderer: ItemRenderer,
  taxonomy: { known: TaxonomySnapshot } | { key: string; parse(text: string | null): TaxonomySnapshot },
  parsed: ParsedArticles = isolateParsedArticles,
): Promise<ItemsPage> {
  const alsoGet = 'key' in taxonomy ? [taxonomy.key] : [];
  const chosen = selection.candidates.slice(0, Math.min(BULK_READ_MAX - alsoGet.length, query.limit + SLACK));
  const values = await readValues(kv, [...alsoGet, ...chosen.map((c) => itemKey(c.id))]);
  const snapshot = 'key' in taxonomy ? taxonomy.parse(values.get(taxonomy.key) ?? null) : taxonomy.known;
  const stored = chosen.map((c) => {
    const value = values.get(itemKey(c.id)) ?? null;
    return value === null || c.entry === null ? null : renderer.read(value, format, c.entry, snapshot);
  });
  // Records are read only up to where the page would be full if every one of them were still current.
  const missing = chosen.slice(0, query.limit).filter((_, i) => stored[i] === null);
  const records = await readValues(
    kv,
    missing.map((c) => articleKey(c.id)),
  );

  const items: ItemsPage['items'] = [];
  let examined = 0;
  for (const [i, candidate] of chosen.entries()) {
    if (items.length === query.limit) break;
    examined++;
    const item = stored[i] ?? null;
    if (item !== null) {
      items.push(item);
      continue;
    }
    if (!records.has(articleKey(candidate.id))) {
      // Beyond what was read: entries before it were skipped as stale, so the page is shorter and continues here.
      examined--;
      break;
    }
    const article = currentArticle(query, candidate, records, parsed);
    if (article === null) continue;
    items.push(article);
  }
  return { items, next: selection.nextAfter(examined), taxonomy: snapshot };
}
