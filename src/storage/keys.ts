import * as z from 'zod';
import type { Article } from '../schema/article';
import { scopeId, scopesOf, type Scope } from '../schema/scope';
import type { ScopeType } from '../schema/taxonomy';

/**
 * KV key builders. Every key, its value and who writes it are documented in docs/storage.md: keep the two in step.
 * <sort> makes KV's lexicographic `list` return the newest article first.
 */

export const articleKey = (id: string) => `article:${id}`;
export const slugKey = (slug: string) => `slug:${slug}`;
export const termKey = (type: ScopeType, slug: string) => `term:${type}:${slug}`;
export const termPrefix = (type: ScopeType) => `term:${type}:`;
/** An article's feed item in every format, rendered when it was published (src/storage/rendered-items.ts). */
export const itemKey = (id: string) => `item:${id}`;

export function indexPrefix(scope: Scope): string {
  return scope.type === 'all' ? 'idx:all:' : `idx:${scope.type}:${scope.slug}:`;
}

/** A scope's head index: its newest entries with their metadata, read on a cache miss instead of listing. */
export const headKey = (scope: Scope) => `head:${scopeId(scope)}`;

/** Article counts of every scope, for the feed directory. */
export const SCOPE_COUNTS_KEY = 'summary:scope-counts';

/** Largest millisecond timestamp we index (year 2286); inverted so later dates sort first. */
const MAX_MS = 9_999_999_999_999;

/** An instant as index entries sort it: later instants are smaller numbers. */
export const invertedMs = (ms: number) => MAX_MS - ms;

export function sortKey(publishedAt: string): string {
  return String(invertedMs(Date.parse(publishedAt))).padStart(13, '0');
}

export function indexKey(scope: Scope, article: Pick<Article, 'id' | 'publishedAt'>): string {
  return `${indexPrefix(scope)}${sortKey(article.publishedAt)}:${article.id}`;
}

/** The article id at the end of an index key. */
export function idFromIndexKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
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
});
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

/** The entries an article is listed under. */
export function indexEntries(article: Article): IndexEntry[] {
  const metadata = indexMeta(article);
  return scopesOf(article).map((scope) => ({ key: indexKey(scope, article), metadata }));
}
