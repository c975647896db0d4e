import type { Article } from '../schema/article';
import type { Site } from '../schema/site';
import type { Scope } from '../schema/scope';
import type { TaxonomySnapshot } from '../storage/taxonomy-snapshot';
import type { FeedMeta } from './model';

export interface FeedMetaInput {
  site: Site;
  scope: Scope;
  /** The tag a scope is narrowed to (`?tag=`). */
  tag?: string;
  snapshot: TaxonomySnapshot;
  articles: readonly Article[];
  selfUrl: string;
  nextUrl?: string;
  firstUrl?: string;
  hubUrl?: string;
  ttlMinutes: number;
}

/** Display name of a scope from the taxonomy, or its slug when the taxonomy has no record yet. */
export function scopeName(scope: Scope, snapshot: TaxonomySnapshot, siteName: string): string {
  return scope.type === 'all' ? siteName : (snapshot[scope.type][scope.slug]?.name ?? scope.slug);
}

/** Whether the taxonomy knows a scope; the site-wide scope always exists. */
export function isKnownScope(scope: Scope, snapshot: TaxonomySnapshot): boolean {
  return scope.type === 'all' || snapshot[scope.type][scope.slug] !== undefined;
}

export function feedTitle(site: Site, scope: Scope, snapshot: TaxonomySnapshot, tag?: string): string {
  const parts = scope.type === 'all' ? [] : [scopeName(scope, snapshot, site.name)];
  if (tag !== undefined) parts.push(snapshot.tag[tag]?.name ?? tag);
  return parts.length === 0 ? site.name : `${site.name} — ${parts.join(' · ')}`;
}

/** Permanent id of a feed (RFC 4151 tag URI), the same for all its pages and formats. */
export function feedId(site: Site, scope: Scope, tag?: string): string {
  const subject = scope.type === 'all' ? 'all' : `${scope.type}:${scope.slug}`;
  return `tag:${site.tagAuthority}:feed:${subject}${tag === undefined ? '' : `:tag:${tag}`}`;
}

/**
 * The date of the site's tag authority (RFC 4151 §2.1: "example.com,2024", "…,2024-06" or "…,2024-06-15") as an
 * RFC 3339 date-time, a missing month or day being the first: when the publication began minting ids, so no feed of
 * it can be older. An empty feed gives it as its last update rather than the epoch. Undefined when the date is not a
 * day of the calendar ("…,2024-13"), which the Site schema's pattern alone lets through.
 */
export function tagAuthorityDate(tagAuthority: string): string | undefined {
  const date = tagAuthority.slice(tagAuthority.lastIndexOf(',') + 1);
  const [year, month = '01', day = '01'] = date.split('-');
  const iso = `${year}-${month}-${day}T00:00:00Z`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2024-02-30 over to 1 March; printing it back catches that too.
  return Number.isNaN(ms) || new Date(ms).toISOString() !== `${year}-${month}-${day}T00:00:00.000Z` ? undefined : iso;
}

export function feedMeta(input: FeedMetaInput): FeedMeta {
  const { site, scope, tag, snapshot } = input;
  const term = scope.type === 'all' ? undefined : snapshot[scope.type][scope.slug];
  const name = scopeName(scope, snapshot, site.name);
  const termLabels: Record<string, string> = {};
  for (const article of input.articles) {
    for (const [type, slugs] of [
      ['kind', [article.kind]],
      ['region', article.regions],
      ['tag', article.tags],
    ] as const) {
      for (const slug of slugs) {
        const label = snapshot[type][slug]?.name;
        if (label !== undefined) termLabels[`${type}:${slug}`] = label;
      }
    }
  }
  const emptyUpdated = tagAuthorityDate(site.tagAuthority);
  const description =
    scope.type === 'all' ? site.description : (term?.description ?? `The latest from ${site.name}: ${name}.`);
  return {
    title: feedTitle(site, scope, snapshot, tag),
    description,
    siteUrl: term?.url ?? site.url,
    selfUrl: input.selfUrl,
    nextUrl: input.nextUrl,
    firstUrl: input.firstUrl,
    hubUrl: input.hubUrl,
    feedId: feedId(site, scope, tag),
    language: site.language,
    copyright: site.copyright,
    icon: site.icon,
    logo: site.logo,
    ttlMinutes: input.ttlMinutes,
    guidPrefix: `tag:${site.tagAuthority}:article:`,
    emptyUpdated,
    categorySchemes: { kind: `${site.url}/kinds/`, region: `${site.url}/regions/`, tag: `${site.url}/tags/` },
    termLabels,
  };
}
