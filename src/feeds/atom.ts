/**
 * Atom 1.0 (RFC 4287) with Media RSS for lead images. A pure function: the same input gives byte-identical output,
 * as the UTF-8 bytes to send.
 */
import type { Article } from '../schema/article';
import { utf8, type ByteWriter } from './byte-writer';
import { renderFeed, type FeedFormat } from './document';
import { escapedSchemes, mediaRssXml, type EscapedSchemes, type FeedItem } from './item';
import type { FeedMeta } from './model';
import { escapeAttribute, escapePlainText, escapeText, typedText, writeEscapedText } from './xml';

function link(rel: string, href: string | undefined, type: string): string {
  if (href === undefined) return '';
  return `  <link rel="${rel}"${type === '' ? '' : ` type="${type}"`} href="${escapeAttribute(href)}"/>\n`;
}

/** Atom: the feed element up to its first entry, each entry, and the closing tag. */
export const atomFormat: FeedFormat<EscapedSchemes> = {
  mediaType: 'application/atom+xml',
  label: 'Atom',
  open(meta, summary) {
    return (
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${escapeAttribute(meta.language)}">\n` +
      `  <id>${escapeText(meta.feedId)}</id>\n` +
      `  ${typedText('title', meta.title)}\n` +
      `  ${typedText('subtitle', meta.description)}\n` +
      `  <updated>${summary.updated}</updated>\n` +
      link('self', meta.selfUrl, 'application/atom+xml') +
      link('alternate', meta.siteUrl, 'text/html') +
      // RFC 5005 §3 paging, and the WebSub hub (W3C WebSub §4).
      link('first', meta.firstUrl, 'application/atom+xml') +
      link('next', meta.nextUrl, 'application/atom+xml') +
      link('hub', meta.hubUrl, '') +
      `  <icon>${escapeText(meta.icon)}</icon>\n` +
      `  <logo>${escapeText(meta.logo)}</logo>\n` +
      `  ${typedText('rights', meta.copyright)}\n` +
      '  <generator>Edge Syndication</generator>\n' +
      // RFC 4287 §4.1.1: every entry needs an author; each has its own, and this covers any that might not.
      `  <author>\n    <name>${escapePlainText(meta.title)}</name>\n  </author>\n`
    );
  },
  itemContext: escapedSchemes,
  writeItem: writeEntry,
  separator: '',
  close: utf8('</feed>\n'),
};

/** Renders `articles`, in the order given, as an Atom feed document: its UTF-8 bytes. */
export const renderAtom = (meta: FeedMeta, articles: readonly Article[]): Uint8Array =>
  renderFeed(atomFormat, meta, articles);

/** One entry: the short elements as small strings, then the content. */
function writeEntry(out: ByteWriter, item: FeedItem, schemes: EscapedSchemes): void {
  const { article } = item;
  const image = article.image;
  let head =
    (item.language === undefined ? '  <entry>\n' : `  <entry xml:lang="${escapeAttribute(item.language)}">\n`) +
    `    <id>${escapeText(item.guid)}</id>\n` +
    `    ${typedText('title', article.title)}\n` +
    `    <link rel="alternate" type="text/html" href="${escapeAttribute(article.url)}"/>\n`;
  // Same rule as the RSS enclosure: offered only when both the MIME type and the size are known.
  if (image?.length !== undefined && image.type !== undefined) {
    head += `    <link rel="enclosure" type="${escapeAttribute(image.type)}" length="${image.length}" href="${escapeAttribute(image.url)}"/>\n`;
  }
  head += `    <published>${item.published}</published>\n    <updated>${item.updated}</updated>\n`;
  for (const author of article.authors) {
    head +=
      `    <author>\n      <name>${escapePlainText(author.name)}</name>\n` +
      (author.url === undefined ? '' : `      <uri>${escapeText(author.url)}</uri>\n`) +
      '    </author>\n';
  }
  for (const category of item.categories) {
    head += `    <category term="${escapeAttribute(category.term)}" scheme="${schemes[category.type]}" label="${escapeAttribute(category.label)}"/>\n`;
  }
  out.write(
    `${head}    ${typedText('summary', article.dek)}\n` +
      // type="html": the markup travels as escaped text (RFC 4287 §3.1.1.2).
      '    <content type="html">',
  );
  // Escaped as it is written: the markup is never held as one escaped string.
  writeEscapedText(out, article.bodyHtml);
  out.write(`</content>\n${image === undefined ? '' : mediaRssXml(image, '    ')}  </entry>\n`);
}
