/**
 * What the three renderers derive from an article in the same way — permanent id, dates, categories, language,
 * Media RSS — written once here so RSS, Atom and JSON Feed cannot drift apart.
 */
import type { Article } from '../schema/article';
import type { FeedSummary } from './document';
import type { FeedMeta } from './model';
import { escapeAttribute, escapePlainText, typedText } from './xml';

export type TermType = 'kind' | 'region' | 'tag';

export interface ItemCategory {
  readonly type: TermType;
  /** The taxonomy slug: Atom `term`. */
  readonly term: string;
  /** Display name from `meta.termLabels`, or the slug when there is none. */
  readonly label: string;
}

export interface FeedItem {
  readonly article: Article;
  /** meta.guidPrefix + article.id: RSS `guid`, Atom `id`, JSON Feed `id`. */
  readonly guid: string;
  /** RFC 3339 in UTC ("Z"). */
  readonly published: string;
  readonly publishedMs: number;
  /** updatedAt, or publishedAt when the article was never updated; RFC 3339 in UTC. */
  readonly updated: string;
  readonly updatedMs: number;
  /** The kind, every region, then every tag, in the article's order. */
  readonly categories: readonly ItemCategory[];
  /** The article's language when it differs from the feed's; otherwise undefined. */
  readonly language: string | undefined;
}

export const EPOCH = '1970-01-01T00:00:00Z';

/** The canonical form already: nothing to do. */
const UTC_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/**
 * An RFC 3339 timestamp with any offset, as UTC "Z" form (RFC 3339 §5.6) plus its epoch milliseconds.
 * Fractional seconds are kept to the millisecond when not zero.
 *
 * @throws TypeError when `timestamp` is not a date-time; articles are validated with the `Article` schema before this.
 */
export function toUtc(timestamp: string): { readonly iso: string; readonly ms: number } {
  // Date.parse reads the ISO form with "T" and "Z" in upper case only; RFC 3339 allows either case.
  const ms = Date.parse(timestamp.toUpperCase());
  if (Number.isNaN(ms)) {
    throw new TypeError(
      `"${timestamp}" is not an RFC 3339 date-time; validate articles with the Article schema before rendering`,
    );
  }
  if (UTC_SECONDS.test(timestamp)) return { iso: timestamp, ms };
  const iso = new Date(ms).toISOString();
  return { iso: iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso, ms };
}

/** RFC 822 date-time with a four-digit year in GMT (RSS 2.0 pubDate), e.g. "Tue, 10 Jun 2025 04:00:00 GMT". */
export function toRfc822(ms: number): string {
  // Date#toUTCString is specified (ECMA-262 §21.4.4.43) as exactly this shape: "Www, DD Mmm YYYY HH:MM:SS GMT".
  return new Date(ms).toUTCString();
}

/** The display name of a term: meta.termLabels["type:slug"], falling back to the slug. */
export function termLabel(meta: FeedMeta, type: TermType, slug: string): string {
  return meta.termLabels[`${type}:${slug}`] ?? slug;
}

function categoriesOf(meta: FeedMeta, article: Article): ItemCategory[] {
  const categories: ItemCategory[] = [
    { type: 'kind', term: article.kind, label: termLabel(meta, 'kind', article.kind) },
  ];
  for (const region of article.regions)
    categories.push({ type: 'region', term: region, label: termLabel(meta, 'region', region) });
  for (const tag of article.tags) categories.push({ type: 'tag', term: tag, label: termLabel(meta, 'tag', tag) });
  return categories;
}

/** The category scheme URLs, escaped once per document for the `domain` and `scheme` attributes of RSS and Atom. */
export type EscapedSchemes = Readonly<Record<TermType, string>>;

export function escapedSchemes(meta: FeedMeta): EscapedSchemes {
  return {
    kind: escapeAttribute(meta.categorySchemes.kind),
    region: escapeAttribute(meta.categorySchemes.region),
    tag: escapeAttribute(meta.categorySchemes.tag),
  };
}

/** Derives every item, in the given order (the feed's own date is feedSummary's). */
export function prepareFeed(meta: FeedMeta, articles: readonly Article[]): FeedItem[] {
  const feedLanguage = meta.language.toLowerCase();
  return articles.map((article): FeedItem => {
    const published = toUtc(article.publishedAt);
    const modified = article.updatedAt === undefined ? published : toUtc(article.updatedAt);
    return {
      article,
      guid: meta.guidPrefix + article.id,
      published: published.iso,
      publishedMs: published.ms,
      updated: modified.iso,
      updatedMs: modified.ms,
      categories: categoriesOf(meta, article),
      language: article.language.toLowerCase() === feedLanguage ? undefined : article.language,
    };
  });
}

/**
 * What a document's opening says of its items: how many, and the latest item `updated` (the first of equals). An
 * empty feed takes `meta.emptyUpdated`, or the epoch without one: never the current time, so output is reproducible.
 */
export function feedSummary(
  meta: Pick<FeedMeta, 'emptyUpdated'>,
  items: readonly Pick<FeedItem, 'updated' | 'updatedMs'>[],
): FeedSummary {
  if (items.length === 0) {
    const empty = toUtc(meta.emptyUpdated ?? EPOCH);
    return { count: 0, updated: empty.iso, updatedMs: empty.ms };
  }
  let latest = items[0]!;
  for (const item of items) if (item.updatedMs > latest.updatedMs) latest = item;
  return { count: items.length, updated: latest.updated, updatedMs: latest.updatedMs };
}

/**
 * Media RSS (https://www.rssboard.org/media-rss) for the lead image, shared by the RSS and Atom renderers:
 * `<media:content>` with its description (the alt text) and credit, then an item-level `<media:thumbnail>`, which is
 * where most readers look for a picture. `indent` prefixes every line.
 */
export function mediaRssXml(image: NonNullable<Article['image']>, indent: string): string {
  const url = escapeAttribute(image.url);
  const size =
    (image.width === undefined ? '' : ` width="${image.width}"`) +
    (image.height === undefined ? '' : ` height="${image.height}"`);
  return (
    `${indent}<media:content url="${url}"${image.type === undefined ? '' : ` type="${escapeAttribute(image.type)}"`} medium="image"${size}` +
    `${image.length === undefined ? '' : ` fileSize="${image.length}"`}>\n` +
    `${indent}  ${typedText('media:description', image.alt, 'plain')}\n` +
    (image.credit === undefined ? '' : `${indent}  <media:credit>${escapePlainText(image.credit)}</media:credit>\n`) +
    `${indent}</media:content>\n` +
    `${indent}<media:thumbnail url="${url}"${size}/>\n`
  );
}
