import { describe, expect, it } from 'vitest';
import { renderRss } from '../../src/feeds/rss';
import {
  ORIGIN,
  RFC_822,
  articles,
  attr,
  decode,
  decodeHtmlText,
  list,
  meta,
  pagedMeta,
  plain,
  rssChannel,
  shownText,
  text,
  withImage,
  withoutEnclosure,
  type XmlNode,
} from './support';

const channel = rssChannel(renderRss(meta, articles));
const items = channel.item ?? [];
const [first, second, third] = items as [XmlNode, XmlNode, XmlNode];

describe('renderRss: document', () => {
  it('starts with the XML declaration and declares RSS 2.0 with every namespace it uses', () => {
    const xml = decode(renderRss(meta, articles));
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')).toBe(true);
    const rss = xml.slice(0, xml.indexOf('>', xml.indexOf('<rss')) + 1);
    for (const ns of [
      'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
      'xmlns:dc="http://purl.org/dc/elements/1.1/"',
      'xmlns:atom="http://www.w3.org/2005/Atom"',
      'xmlns:media="http://search.yahoo.com/mrss/"',
      'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"',
      'xmlns:webfeeds="http://webfeeds.org/rss/1.0"',
    ]) {
      expect(rss).toContain(ns);
    }
  });

  it('describes the channel', () => {
    expect(text(channel.title)).toBe(meta.title);
    expect(text(channel.link)).toBe(meta.siteUrl);
    expect(decodeHtmlText(text(channel.description))).toBe(meta.description);
    expect(text(channel.language)).toBe('en');
    expect(text(channel.copyright)).toBe(meta.copyright);
    expect(text(channel.generator)).toBe('Edge Syndication');
    expect(text(channel['webfeeds:icon'])).toBe(meta.icon);
    expect(text(channel['webfeeds:logo'])).toBe(meta.logo);
  });

  it('uses the square icon as the channel image, with the channel title and link', () => {
    const image = channel.image as XmlNode;
    expect(text(image.url)).toBe(meta.icon);
    expect(text(image.title)).toBe(meta.title);
    expect(text(image.link)).toBe(meta.siteUrl);
  });

  it('sets lastBuildDate to the latest item update, in RFC 822', () => {
    // a-0003 was updated at 2025-06-11T09:30:00.250-04:00.
    expect(text(channel.lastBuildDate)).toBe('Wed, 11 Jun 2025 13:30:00 GMT');
  });

  it('advertises ttl and a matching syndication schedule', () => {
    expect(text(channel.ttl)).toBe('15');
    expect(text(channel['sy:updatePeriod'])).toBe('hourly');
    expect(text(channel['sy:updateFrequency'])).toBe('4');
    const daily = rssChannel(renderRss({ ...meta, ttlMinutes: 180 }, articles));
    expect(text(daily['sy:updateFrequency'])).toBe('1');
  });

  it('links to itself, and only to the next page, first page and hub when they are given', () => {
    const links = list(channel['atom:link']);
    expect(links).toEqual([{ '@rel': 'self', '@type': 'application/rss+xml', '@href': meta.selfUrl }]);

    const paged = list(rssChannel(renderRss(pagedMeta, articles))['atom:link']);
    expect(paged).toEqual([
      { '@rel': 'self', '@type': 'application/rss+xml', '@href': pagedMeta.selfUrl },
      { '@rel': 'first', '@type': 'application/rss+xml', '@href': pagedMeta.firstUrl },
      { '@rel': 'next', '@type': 'application/rss+xml', '@href': pagedMeta.nextUrl },
      { '@rel': 'hub', '@href': pagedMeta.hubUrl },
    ]);
  });

  it('renders the same bytes twice', () => {
    expect(renderRss(pagedMeta, articles)).toEqual(renderRss(pagedMeta, articles));
  });

  it('renders an empty feed as a valid document without a lastBuildDate, which would be an implausible 1970', () => {
    for (const m of [meta, { ...meta, emptyUpdated: '2024-01-01T00:00:00Z' }]) {
      const empty = rssChannel(renderRss(m, []));
      expect(empty.item).toBeUndefined();
      expect(empty.lastBuildDate).toBeUndefined();
      expect(text(empty.title)).toBe(meta.title);
      expect(text(empty.ttl)).toBe('15');
    }
  });

  it('gives lastBuildDate as soon as there is one item', () => {
    expect(text(rssChannel(renderRss({ ...meta, emptyUpdated: '2024-01-01T00:00:00Z' }, [plain])).lastBuildDate)).toBe(
      'Sun, 08 Jun 2025 08:00:00 GMT',
    );
  });
});

describe('renderRss: items', () => {
  it('lists every article in the order given', () => {
    expect(items.map((item) => text(item.link))).toEqual(articles.map((a) => a.url));
  });

  it('gives each item a permanent non-URL guid from the prefix and the article id', () => {
    expect(text(first.guid)).toBe(`${meta.guidPrefix}${withImage.id}`);
    expect(attr(first.guid, 'isPermaLink')).toBe('false');
    for (const item of items) expect(text(item.guid)).not.toMatch(/^https?:/);
  });

  it('round-trips & and < in titles', () => {
    expect(text(first.title)).toBe('Beijing’s maritime law: Manila & Washington <wary>');
  });

  it('round-trips ]]> in a title', () => {
    expect(text(second.title)).toBe(withoutEnclosure.title);
  });

  it('writes pubDate in RFC 822 with a four-digit year, converted to GMT', () => {
    expect(text(first.pubDate)).toBe('Tue, 10 Jun 2025 04:00:00 GMT'); // 06:00 at +02:00
    expect(text(second.pubDate)).toBe('Tue, 10 Jun 2025 02:15:00 GMT'); // 23:15 the day before at -03:00
    for (const item of items) expect(text(item.pubDate)).toMatch(RFC_822);
  });

  it('converts offsets across a year boundary and drops fractional seconds', () => {
    const [item] = rssChannel(renderRss(meta, [{ ...plain, publishedAt: '2025-01-01T01:30:00.999+02:00' }])).item as [
      XmlNode,
    ];
    expect(text(item.pubDate)).toBe('Tue, 31 Dec 2024 23:30:00 GMT');
  });

  it('carries the dek as plain text inside the HTML description', () => {
    expect(text(first.description)).toBe(
      'A new coast-guard rule gives &lt;b&gt;boarding&lt;/b&gt; powers; neighbours &amp; allies object.',
    );
    expect(decodeHtmlText(text(first.description))).toBe(withImage.dek);
  });

  it('puts the body in content:encoded exactly as stored (sanitized and made absolute when it was published)', () => {
    expect(text(first['content:encoded'])).toBe(withImage.bodyHtml);
  });

  it('uses CDATA for the body and round-trips a ]]> in it', () => {
    const xml = decode(renderRss(meta, [withoutEnclosure]));
    expect(xml).toContain('<content:encoded><![CDATA[<p>Un texte');
    expect(xml).toContain(']]]]><![CDATA[>');
    const [item] = rssChannel(xml).item as [XmlNode];
    expect(text(item['content:encoded'])).toBe(withoutEnclosure.bodyHtml);
  });

  it('names every author with dc:creator and never uses <author>', () => {
    expect(list(first['dc:creator'])).toEqual(['Amara Okafor', 'Li Wei']);
    expect(first.author).toBeUndefined();
  });

  it('lists kind, regions and tags as categories with their scheme as domain and their label as text', () => {
    expect(list(first.category)).toEqual([
      { '#text': 'Analysis', '@domain': `${ORIGIN}/kinds/` },
      { '#text': 'Asia-Pacific', '@domain': `${ORIGIN}/regions/` },
      { '#text': 'China', '@domain': `${ORIGIN}/tags/` },
      { '#text': 'South China Sea', '@domain': `${ORIGIN}/tags/` },
    ]);
  });

  it('falls back to the slug for a term without a label', () => {
    expect(list(third.category).map(text)).toEqual(['brief', 'Asia-Pacific', 'insurance']);
  });

  it('offers an enclosure only when the image size and type are both known', () => {
    expect(first.enclosure).toEqual({ '@url': withImage.image?.url, '@length': '245000', '@type': 'image/jpeg' });
    expect(second.enclosure).toBeUndefined();
    expect(third.enclosure).toBeUndefined();
  });

  it('describes the image with Media RSS: content, alt text, credit and a thumbnail', () => {
    const [content] = list(first['media:content']) as [XmlNode];
    expect(attr(content, 'url')).toBe(withImage.image?.url);
    expect(attr(content, 'type')).toBe('image/jpeg');
    expect(attr(content, 'medium')).toBe('image');
    expect(attr(content, 'width')).toBe('1600');
    expect(attr(content, 'height')).toBe('900');
    expect(attr(content, 'fileSize')).toBe('245000');
    expect(shownText(content['media:description'])).toBe('A coast-guard cutter & a fishing boat');
    expect(text(content['media:credit'])).toBe('Photo: Agency');
    expect(list(first['media:thumbnail'])).toEqual([
      { '@url': withImage.image?.url, '@width': '1600', '@height': '900' },
    ]);
  });

  it('leaves out Media RSS attributes and elements that are unknown, and the whole block without an image', () => {
    const [content] = list(second['media:content']) as [XmlNode];
    expect(attr(content, 'type')).toBeUndefined();
    expect(attr(content, 'fileSize')).toBeUndefined();
    expect(content['media:credit']).toBeUndefined();
    expect(third['media:content']).toBeUndefined();
    expect(third['media:thumbnail']).toBeUndefined();
    expect(plain.image).toBeUndefined();
  });
});
