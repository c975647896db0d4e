import { ProblemError } from '../http/problem';
import { Slug } from '../schema/primitives';
import type { Scope } from '../schema/scope';
import { Kind, Region } from '../schema/taxonomy';
import type { Format } from './formats';

const SCOPE_SLUG = { region: Region, kind: Kind, tag: Slug, author: Slug } as const;
type ScopeSegment = keyof typeof SCOPE_SLUG;

/** The scope a path names: `/feeds/region/europe` and `/feeds/region/europe.rss` → segment "region", name "europe". */
export function parseScope(segment: string, name: string): Scope {
  if (!(segment in SCOPE_SLUG))
    throw new ProblemError('not-found', { detail: 'Feeds are by region, tag, author or kind.' });
  const slug = SCOPE_SLUG[segment as ScopeSegment].safeParse(name);
  if (!slug.success) throw new ProblemError('not-found', { detail: `There is no ${segment} "${name}".` });
  return { type: segment as ScopeSegment, slug: slug.data };
}

/** Path of a scope's feed, e.g. "/feeds/region/europe.rss". */
export function feedPath(scope: Scope, format: Format): string {
  return scope.type === 'all' ? `/feeds/all.${format}` : `/feeds/${scope.type}/${scope.slug}.${format}`;
}

/** The HTML page of a scope: "/feeds" for the whole site, "/feeds/region/europe" for a region. */
export function scopePagePath(scope: Scope): string {
  return scope.type === 'all' ? '/feeds' : `/feeds/${scope.type}/${scope.slug}`;
}
