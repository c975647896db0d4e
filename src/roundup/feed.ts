import { renderFeed } from '../feeds/document';
import { feedMeta } from '../feeds/feed-meta';
import { FORMATS, type Format } from '../feeds/formats';
import type { Article } from '../schema/article';
import type { Site } from '../schema/site';
import { ALL } from '../schema/scope';
import { emptySnapshot } from '../storage/taxonomy-snapshot';
import { issueContentHtml, issuePath, issueSummary, issueTitle } from './issue-html';
import type { Issue } from './schema';

/** Issues in the feed: a year of weeks, so an RSS-to-email service that polls rarely still finds every new one. */
export const FEED_ISSUES = 52;
/** Minutes a reader may keep the feed; the same as the feeds' public freshness (src/http/representation.ts). */
const TTL_MINUTES = 5;

/**
 * An issue as the record the feed renderers take: the whole issue is its content, its first build its publication
 * date and its last rebuild its update, the regions it covers its categories.
 */
export function issueItem(site: Site, origin: string, issue: Issue): Article {
  const regions = Object.keys(issue.regionNames) as Article['regions'];
  return {
    id: issue.id,
    slug: issue.id.toLowerCase(),
    url: `${origin}${issuePath(issue.id)}`,
    title: issueTitle(site, issue),
    dek: issueSummary(issue),
    kind: 'analysis',
    regions: regions.length > 0 ? regions.slice(0, 7) : ['global'],
    tags: [],
    authors: [{ slug: 'editors', name: `${site.name} editors` }],
    publishedAt: issue.createdAt,
    ...(issue.updatedAt === issue.createdAt ? {} : { updatedAt: issue.updatedAt }),
    bodyHtml: issueContentHtml(issue),
    language: site.language,
  };
}

/** The round-up feed in one of the three formats, through the same renderers as every other feed. */
export function roundupFeed(site: Site, selfUrl: URL, format: Format, issues: Issue[]): Uint8Array {
  const origin = selfUrl.origin;
  const articles = issues.slice(0, FEED_ISSUES).map((i) => issueItem(site, origin, i));
  const base = feedMeta({
    site,
    scope: ALL,
    snapshot: emptySnapshot(),
    articles,
    selfUrl: selfUrl.toString(),
    ttlMinutes: TTL_MINUTES,
  });
  const meta = {
    ...base,
    title: `${site.name} — Weekly round-up`,
    description: `The week's analysis from ${site.name}, one issue a week.`,
    siteUrl: `${origin}/newsletter/issues`,
    feedId: `tag:${site.tagAuthority}:feed:roundup`,
    guidPrefix: `tag:${site.tagAuthority}:roundup:`,
    termLabels: {
      ...base.termLabels,
      ...Object.fromEntries(issues.flatMap((i) => Object.entries(i.regionNames).map(([r, n]) => [`region:${r}`, n]))),
    },
  };
  return renderFeed(FORMATS[format], meta, articles);
}
