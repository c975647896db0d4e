/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the content, Dublin Core, Atom, Media RSS, syndication
 * and webfeeds extensions. A pure function: the same input gives byte-identical output, as the UTF-8 bytes to send.
 */
import type { Article } from '../schema/article';
import { utf8, type ByteWriter } from './byte-writer';
import { renderFeed, type FeedFormat } from './document';
import { escapedSchemes, mediaRssXml, toRfc822, type EscapedSchemes, type FeedItem } from './item';
import type { FeedMeta } from './model';
import { cdata, escapeAttribute, escapePlainText, escapeText, escapeTextAsHtml, isWrittenCdataSafe } from './xml';

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
const CDATA_OPEN = utf8('<![CDATA[');
const CDATA_CLOSE = utf8(']]>');

/**
 * The body (sanitized and made absolute when it was published) in CDATA. Whether it may go into CDATA as it is (no
 * `]]>`, no character invalid in XML) is checked on the bytes written; when it may not, they are taken back and
 * cdata() splits and cleans it instead. cdata() of a clean text is that text in one CDATA section, so both routes give
 * the same bytes whenever the quick one is allowed.
 */
function writeContentCdata(out: ByteWriter, article: Article): void {
  const start = out.length;
  out.writeBytes(CDATA_OPEN);
  out.write(article.bodyHtml);
  if (isWrittenCdataSafe(out, start + CDATA_OPEN.length)) {
    out.writeBytes(CDATA_CLOSE);
  } else {
    out.truncate(start);
    out.write(cdata(article.bodyHtml));
  }
}

function atomLink(rel: string, href: string | undefined, type = ''): string {
  if (href === undefined) return '';
  return `    <atom:link rel="${rel}"${type === '' ? '' : ` type="${type}"`} href="${escapeAttribute(href)}"/>\n`;
}

/** RSS 2.0: the channel up to its first item, each item, and the closing tags. */
export const rssFormat: FeedFormat<EscapedSchemes> = {
  mediaType: 'application/rss+xml',
  label: 'RSS',
  open(meta, summary) {
    const title = escapePlainText(meta.title);
    const siteUrl = escapeText(meta.siteUrl);
    const ttl = Math.max(1, Math.round(meta.ttlMinutes));
    return (
      HEAD +
      `    <title>${title}</title>\n` +
      `    <link>${siteUrl}</link>\n` +
      // RSS `description` is HTML (RSS 2.0: "entity-encoded HTML is allowed"), so plain text is escaped as HTML.
      `    <description>${escapeTextAsHtml(meta.description)}</description>\n` +
      `    <language>${escapeText(meta.language)}</language>\n` +
      `    <copyright>${escapePlainText(meta.copyright)}</copyright>\n` +
      // An empty feed has no build date to give: the epoch would be an implausible one.
      (summary.count === 0 ? '' : `    <lastBuildDate>${toRfc822(summary.updatedMs)}</lastBuildDate>\n`) +
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
      `    <webfeeds:logo>${escapeText(meta.logo)}</webfeeds:logo>\n`
    );
  },
  itemContext: escapedSchemes,
  writeItem,
  separator: '',
  close: utf8('  </channel>\n</rss>\n'),
};

/** Renders `articles`, in the order given, as an RSS 2.0 document: its UTF-8 bytes. */
export const renderRss = (meta: FeedMeta, articles: readonly Article[]): Uint8Array =>
  renderFeed(rssFormat, meta, articles);

/** One item: the short elements as small strings, then the content. */
function writeItem(out: ByteWriter, item: FeedItem, domains: EscapedSchemes): void {
  const { article } = item;
  out.write(
    '    <item>\n' +
      `      <title>${escapePlainText(article.title)}</title>\n` +
      `      <link>${escapeText(article.url)}</link>\n` +
      // Not a URL, so isPermaLink="false": readers must not open it, only compare it.
      `      <guid isPermaLink="false">${escapeText(item.guid)}</guid>\n` +
      `      <pubDate>${toRfc822(item.publishedMs)}</pubDate>\n` +
      `      <description>${escapeTextAsHtml(article.dek)}</description>\n` +
      '      <content:encoded>',
  );
  writeContentCdata(out, article);
  let rest = '</content:encoded>\n';
  // dc:creator, not <author>: RSS author must be an e-mail address.
  for (const author of article.authors) rest += `      <dc:creator>${escapePlainText(author.name)}</dc:creator>\n`;
  for (const category of item.categories) {
    rest += `      <category domain="${domains[category.type]}">${escapePlainText(category.label)}</category>\n`;
  }
  const image = article.image;
  if (image !== undefined) {
    // RSS 2.0 makes url, length and type all required, so an enclosure is only offered when all are known.
    if (image.length !== undefined && image.type !== undefined) {
      rest += `      <enclosure url="${escapeAttribute(image.url)}" length="${image.length}" type="${escapeAttribute(image.type)}"/>\n`;
    }
    rest += mediaRssXml(image, '      ');
  }
  out.write(`${rest}    </item>\n`);
}
