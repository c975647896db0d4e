/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the content, Dublin Core, Atom, Media RSS, syndication
 * and webfeeds extensions. A pure function: the same input gives byte-identical output.
 */
import type { Article } from '../schema/article';
import { contentHtml, mediaRssXml, prepareFeed, toRfc822, type FeedItem } from './item';
import type { FeedMeta } from './model';
import { cdata, escapeAttribute, escapeText, isCdataSafe } from './xml';

const HEAD =
  '<?xml version="1.0" encoding="utf-8"?>\n' +
  '<rss version="2.0"' +
  ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' +
  ' xmlns:dc="http://purl.org/dc/elements/1.1/"' +
  ' xmlns:atom="http://www.w3.org/2005/Atom"' +
  ' xmlns:media="http://search.yahoo.com/mrss/"' +
  ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"' +
  ' xmlns:webfeeds="http://webfeeds.org/rss/1.0">\n' +
  '  <channel>\n';

const TAIL = '  </channel>\n</rss>\n';

/**
 * RSS `description` is HTML (RSS 2.0: "entity-encoded HTML is allowed"), so a plain-text dek is HTML-escaped before
 * it is XML-escaped; otherwise a reader would treat "<b>" in a dek as markup — or strip it.
 */
function plainTextAsHtml(text: string): string {
  return escapeText(escapeText(text));
}

/**
 * The absolutized body in CDATA. Absolutizing never introduces `]]>` or an invalid character, so checking the stored
 * body (a flat string) is enough, and the rewritten body is never copied just to be scanned again.
 */
function contentCdata(article: Article): string {
  const content = contentHtml(article);
  return isCdataSafe(article.bodyHtml) ? `<![CDATA[${content}]]>` : cdata(content);
}

function atomLink(rel: string, href: string | undefined, type = ''): string {
  if (href === undefined) return '';
  return `    <atom:link rel="${rel}"${type === '' ? '' : ` type="${type}"`} href="${escapeAttribute(href)}"/>\n`;
}

/** Renders `articles`, in the order given, as an RSS 2.0 document. */
export function renderRss(meta: FeedMeta, articles: readonly Article[]): string {
  const feed = prepareFeed(meta, articles);
  const title = escapeText(meta.title);
  const siteUrl = escapeText(meta.siteUrl);
  const ttl = Math.max(1, Math.round(meta.ttlMinutes));
  const domains = {
    kind: escapeAttribute(meta.categorySchemes.kind),
    region: escapeAttribute(meta.categorySchemes.region),
    tag: escapeAttribute(meta.categorySchemes.tag),
  };

  let out =
    HEAD +
    `    <title>${title}</title>\n` +
    `    <link>${siteUrl}</link>\n` +
    `    <description>${plainTextAsHtml(meta.description)}</description>\n` +
    `    <language>${escapeText(meta.language)}</language>\n` +
    `    <copyright>${escapeText(meta.copyright)}</copyright>\n` +
    `    <lastBuildDate>${toRfc822(feed.updatedMs)}</lastBuildDate>\n` +
    `    <ttl>${ttl}</ttl>\n` +
    '    <sy:updatePeriod>hourly</sy:updatePeriod>\n' +
    `    <sy:updateFrequency>${Math.max(1, Math.round(60 / ttl))}</sy:updateFrequency>\n` +
    '    <generator>Edge Syndication</generator>\n' +
    // The RSS image may be at most 144 px wide (RSS 2.0 §image), so it is the square icon, not the wide logo.
    `    <image>\n      <url>${escapeText(meta.icon)}</url>\n      <title>${title}</title>\n      <link>${siteUrl}</link>\n    </image>\n` +
    atomLink('self', meta.selfUrl, 'application/rss+xml') +
    atomLink('first', meta.firstUrl, 'application/rss+xml') +
    atomLink('next', meta.nextUrl, 'application/rss+xml') +
    atomLink('hub', meta.hubUrl) +
    `    <webfeeds:icon>${escapeText(meta.icon)}</webfeeds:icon>\n` +
    `    <webfeeds:logo>${escapeText(meta.logo)}</webfeeds:logo>\n`;

  for (const item of feed.items) out += renderItem(item, domains);
  return out + TAIL;
}

function renderItem(item: FeedItem, domains: Readonly<Record<'kind' | 'region' | 'tag', string>>): string {
  const { article } = item;
  let out =
    '    <item>\n' +
    `      <title>${escapeText(article.title)}</title>\n` +
    `      <link>${escapeText(article.url)}</link>\n` +
    // Not a URL, so isPermaLink="false": readers must not open it, only compare it.
    `      <guid isPermaLink="false">${escapeText(item.guid)}</guid>\n` +
    `      <pubDate>${toRfc822(item.publishedMs)}</pubDate>\n` +
    `      <description>${plainTextAsHtml(article.dek)}</description>\n` +
    `      <content:encoded>${contentCdata(article)}</content:encoded>\n`;
  // dc:creator, not <author>: RSS author must be an e-mail address.
  for (const author of article.authors) out += `      <dc:creator>${escapeText(author.name)}</dc:creator>\n`;
  for (const category of item.categories) {
    out += `      <category domain="${domains[category.type]}">${escapeText(category.label)}</category>\n`;
  }
  const image = article.image;
  if (image !== undefined) {
    // RSS 2.0 makes url, length and type all required, so an enclosure is only offered when all are known.
    if (image.length !== undefined && image.type !== undefined) {
      out += `      <enclosure url="${escapeAttribute(image.url)}" length="${image.length}" type="${escapeAttribute(image.type)}"/>\n`;
    }
    out += mediaRssXml(image, '      ');
  }
  return `${out}    </item>\n`;
}
