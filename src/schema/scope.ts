import type { Article } from './article';
import type { ScopeType } from './taxonomy';

/** A feed's subject: the whole site, or one region, kind, tag or author. */
export type Scope = { type: 'all' } | { type: ScopeType; slug: string };

export const ALL: Scope = { type: 'all' };

type Classified = Pick<Article, 'kind' | 'regions' | 'tags' | 'authors'>;

/** A scope as one string: "all", "region:europe", "tag:china"; the key of directory counts and head indexes. */
export function scopeId(scope: Scope): string {
  return scope.type === 'all' ? 'all' : `${scope.type}:${scope.slug}`;
}

/** The scope a scopeId names; null for a string that is not one. */
export function scopeFromId(id: string): Scope | null {
  if (id === 'all') return ALL;
  const colon = id.indexOf(':');
  const type = id.slice(0, colon);
  const slug = id.slice(colon + 1);
  return colon > 0 && slug !== '' && ['region', 'kind', 'tag', 'author'].includes(type)
    ? { type: type as ScopeType, slug }
    : null;
}

/** Every scope an article is listed under. */
export function scopesOf(article: Classified): Scope[] {
  return [
    ALL,
    { type: 'kind', slug: article.kind },
    ...article.regions.map((slug): Scope => ({ type: 'region', slug })),
    ...article.tags.map((slug): Scope => ({ type: 'tag', slug })),
    ...article.authors.map(({ slug }): Scope => ({ type: 'author', slug })),
  ];
}

/** Whether an article is listed under a scope; an index entry that disagrees with its article is stale. */
export function inScope(article: Classified, scope: Scope): boolean {
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
