import * as z from 'zod';
import type { Article } from '../schema/article';
import type { ScopeType } from '../schema/taxonomy';

/**
 * KV key scheme. Every key is documented in docs/storage.md ("KV layout"); keep the two in step.
 *
 *   article:<id>                        the Article record (JSON)
 *   slug:<slug>                         the id that owns a slug (text)
 *   term:<scope>:<slug>                 a taxonomy record (JSON)
 *   idx:all:<sort>:<id>                 one entry per article, value empty, metadata = IndexMeta
 *   idx:<scope>:<slug>:<sort>:<id>      one entry per article and scope it belongs to
 *   idx:<scope>:<slug>:!<format>:<n>:<fingerprint>   a stored first page of that scope's feed (n items)
 *
 * <sort> makes KV's lexicographic `list` return the newest article first.
 */

/** A feed's subject: the whole site, or one region, kind, tag or author. */
export type Scope = { type: 'all' } | { type: ScopeType; slug: string };

export const ALL: Scope = { type: 'all' };

export const articleKey = (id: string) => `article:${id}`;
export const slugKey = (slug: string) => `slug:${slug}`;
export const termKey = (type: ScopeType, slug: string) => `term:${type}:${slug}`;
export const termPrefix = (type: ScopeType) => `term:${type}:`;

export function indexPrefix(scope: Scope): string {
  return scope.type === 'all' ? 'idx:all:' : `idx:${scope.type}:${scope.slug}:`;
}

/**
 * A scope's stored feed pages (src/feeds/stored-page.ts) are listed with its index entries, ahead of them ("!" sorts
 * before the digits of <sort>), so the one `list` a page costs also says whether a stored page is current.
 */
const PAGE_ENTRY = '!';

export const pageEntriesPrefix = (scope: Scope) => `${indexPrefix(scope)}${PAGE_ENTRY}`;

export function pageEntryKey(scope: Scope, format: string, count: number, fingerprint: string): string {
  return `${pageEntriesPrefix(scope)}${format}:${count}:${fingerprint}`;
}

export interface PageEntry {
  key: string;
  format: string;
  count: number;
  fingerprint: string;
}

/** The stored page a key in a scope's listing names, or null for an index entry. */
export function pageEntryOf(key: string, prefix: string): PageEntry | null {
  if (key.charAt(prefix.length) !== PAGE_ENTRY) return null;
  const [format = '', count = '', fingerprint = ''] = key.slice(prefix.length + 1).split(':');
  return { key, format, count: Number(count), fingerprint };
}

/** Largest millisecond timestamp we index (year 2286); inverted so later dates sort first. */
const MAX_MS = 9_999_999_999_999;

export function sortKey(publishedAt: string): string {
  return String(MAX_MS - Date.parse(publishedAt)).padStart(13, '0');
}

export function indexKey(scope: Scope, article: Pick<Article, 'id' | 'publishedAt'>): string {
  return `${indexPrefix(scope)}${sortKey(article.publishedAt)}:${article.id}`;
}

/** The article id at the end of an index key. */
export function idFromIndexKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

/** Every scope an article is listed under. */
export function scopesOf(article: Pick<Article, 'kind' | 'regions' | 'tags' | 'authors'>): Scope[] {
  return [
    ALL,
    { type: 'kind', slug: article.kind },
    ...article.regions.map((slug): Scope => ({ type: 'region', slug })),
    ...article.tags.map((slug): Scope => ({ type: 'tag', slug })),
    ...article.authors.map(({ slug }): Scope => ({ type: 'author', slug })),
  ];
}

/** Whether an article is listed under a scope; an index entry that disagrees with its article is stale. */
export function inScope(article: Pick<Article, 'kind' | 'regions' | 'tags' | 'authors'>, scope: Scope): boolean {
  switch (scope.type) {
    case 'all':
      return true;
    case 'kind':
      return article.kind === scope.slug;
    case 'region':
      return (article.regions as string[]).includes(scope.slug);
    case 'tag':
      return article.tags.includes(scope.slug);
    case 'author':
      return article.authors.some((a) => a.slug === scope.slug);
  }
}

/**
 * What each index entry carries in KV metadata so that a filtered listing (region feed ∩ tag,
 * widget by author and kind) is answered from one `list` call without reading articles.
 */
export const IndexMeta = z.object({
  k: z.string(),
  r: z.array(z.string()),
  t: z.array(z.string()),
  a: z.array(z.string()),
  /** recordVersion() of the article record the entry was written with; entries written before it existed have none. */
  v: z.string().optional(),
});

/** What an article record carries in KV metadata: the same version as its index entries, so a read needs no hashing. */
export const RecordMeta = z.object({ v: z.string() });
export type RecordMeta = z.infer<typeof RecordMeta>;
export type IndexMeta = z.infer<typeof IndexMeta>;

/** KV's limit on metadata per key (Workers KV platform limits: 1024 bytes). */
export const KV_METADATA_LIMIT = 1024;

export function indexMeta(article: Pick<Article, 'kind' | 'regions' | 'tags' | 'authors'>): IndexMeta {
  return { k: article.kind, r: article.regions, t: article.tags, a: article.authors.map((a) => a.slug) };
}

export interface IndexEntry {
  key: string;
  metadata: IndexMeta;
}

/** The entries an article is listed under, naming `version`, the recordVersion of the text stored for it. */
export function indexEntries(article: Article, version?: string): IndexEntry[] {
  const metadata = version === undefined ? indexMeta(article) : { ...indexMeta(article), v: version };
  return scopesOf(article).map((scope) => ({ key: indexKey(scope, article), metadata }));
}
