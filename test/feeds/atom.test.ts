import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../src/feeds/atom';
import { feedMeta } from '../../src/feeds/feed-meta';
import type { Site } from '../../src/schema/site';
import { emptySnapshot } from '../../src/storage/taxonomy-snapshot';
import {
  ORIGIN,
  RFC_3339_UTC,
  articles,
  atomFeed,
  attr,
  decode,
  list,
  meta,
  pagedMeta,
  plain,
  shownText,
  text,
  withImage,
  withoutEnclosure,
  type XmlNode,
} from './support';

const feed = atomFeed(renderAtom(meta, articles));
const entries = feed.entry ?? [];
const [first, second, third] = entries as [XmlNode, XmlNode, XmlNode];

const linksOf = (node: XmlNode) => list(node.link);

describe('renderAtom: document', () => {
  it('starts with the XML declaration and declares Atom, Media RSS and the feed language', () => {
    const xml = decode(renderAtom(meta, articles));
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
    expect(xml).toContain(
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">',
    );
  });

  it('describes the feed: id, title, subtitle, icon, logo, rights, generator', () => {
    expect(text(feed.id)).toBe(meta.feedId);
    expect(text(feed.title)).toBe(meta.title);
    expect(attr(feed.title, 'type')).toBe('text');
    expect(shownText(feed.subtitle)).toBe(meta.description); // holds an &: type="html"
    expect(attr(feed.subtitle, 'type')).toBe('html');
    expect(text(feed.icon)).toBe(meta.icon);
    expect(text(feed.logo)).toBe(meta.logo);
    expect(text(feed.rights)).toBe(meta.copyright);
    expect(text(feed.generator)).toBe('Edge Syndication');
  });

  it('names a feed-level author so that no entry is ever without one', () => {
    expect(list(feed.author).map((a) => text(a.name))).toEqual([meta.title]);
  });

  it('sets updated to the latest entry update, in UTC', () => {
    expect(text(feed.updated)).toBe('2025-06-11T13:30:00.250Z');
  });

  it('links to itself and the site, and to the first page, next page and hub only when given', () => {
    expect(linksOf(feed)).toEqual([
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': meta.selfUrl },
      { '@rel': 'alternate', '@type': 'text/html', '@href': meta.siteUrl },
    ]);
    expect(linksOf(atomFeed(renderAtom(pagedMeta, articles)))).toEqual([
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': pagedMeta.selfUrl },
      { '@rel': 'alternate', '@type': 'text/html', '@href': pagedMeta.siteUrl },
      { '@rel': 'first', '@type': 'application/atom+xml', '@href': pagedMeta.firstUrl },
      { '@rel': 'next', '@type': 'application/atom+xml', '@href': pagedMeta.nextUrl },
      { '@rel': 'hub', '@href': pagedMeta.hubUrl },
    ]);
  });

  it('renders the same bytes twice', () => {
    expect(renderAtom(pagedMeta, articles)).toEqual(renderAtom(pagedMeta, articles));
  });

  it('renders an empty feed as a valid document dated at the epoch when the meta gives no emptyUpdated', () => {
    const empty = atomFeed(renderAtom(meta, []));
    expect(empty.entry).toBeUndefined();
    expect(text(empty.updated)).toBe('1970-01-01T00:00:00Z');
    expect(text(empty.id)).toBe(meta.feedId);
  });

  it('dates an empty feed at meta.emptyUpdated, in UTC', () => {
    expect(text(atomFeed(renderAtom({ ...meta, emptyUpdated: '2024-06-01T00:00:00Z' }, [])).updated)).toBe(
      '2024-06-01T00:00:00Z',
    );
    expect(text(atomFeed(renderAtom({ ...meta, emptyUpdated: '2024-06-01T02:00:00+02:00' }, [])).updated)).toBe(
      '2024-06-01T00:00:00Z',
    );
  });

  it('ignores emptyUpdated once there is an entry', () => {
    expect(text(atomFeed(renderAtom({ ...meta, emptyUpdated: '2024-06-01T00:00:00Z' }, articles)).updated)).toBe(
      '2025-06-11T13:30:00.250Z',
    );
  });
});

describe('renderAtom: entries', () => {
  it('lists every article in the order given, with the permanent id', () => {
    expect(entries.map((entry) => text(entry.id))).toEqual(articles.map((a) => `${meta.guidPrefix}${a.id}`));
  });

  it('links each entry to its article as rel=alternate', () => {
    expect(entries.map((entry) => linksOf(entry)[0])).toEqual(
      articles.map((a) => ({ '@rel': 'alternate', '@type': 'text/html', '@href': a.url })),
    );
  });

  it('round-trips &, < and ]]> in titles, as type="html" when they hold & or <', () => {
    expect(shownText(first.title)).toBe(withImage.title);
    expect(attr(first.title, 'type')).toBe('html');
    expect(shownText(second.title)).toBe(withoutEnclosure.title);
  });

  it('writes published and updated in RFC 3339, normalised to UTC', () => {
    expect(text(first.published)).toBe('2025-06-10T04:00:00Z');
    expect(text(first.updated)).toBe('2025-06-11T13:30:00.250Z');
    expect(text(second.published)).toBe('2025-06-10T02:15:00Z');
    expect(text(second.updated)).toBe(text(second.published)); // never updated
    for (const entry of entries) {
      expect(text(entry.published)).toMatch(RFC_3339_UTC);
      expect(text(entry.updated)).toMatch(RFC_3339_UTC);
    }
  });

  it('converts offsets across a year boundary and keeps milliseconds', () => {
    const [entry] = atomFeed(renderAtom(meta, [{ ...plain, publishedAt: '2025-01-01T01:30:00.999+02:00' }])).entry as [
      XmlNode,
    ];
    expect(text(entry.published)).toBe('2024-12-31T23:30:00.999Z');
    expect(text(entry.updated)).toBe('2024-12-31T23:30:00.999Z');
  });

  it('marks an entry whose language differs from the feed with xml:lang', () => {
    expect(attr(first, 'xml:lang')).toBeUndefined();
    expect(attr(second, 'xml:lang')).toBe('fr');
    expect(attr(third, 'xml:lang')).toBe('en-GB');
  });

  it('names every author, with a uri when there is one', () => {
    const authors = list(first.author).map((a) => ({
      name: text(a.name),
      uri: a.uri === undefined ? undefined : text(a.uri),
    }));
    expect(authors).toEqual([
      { name: 'Amara Okafor', uri: `${ORIGIN}/authors/amara-okafor` },
      { name: 'Li Wei', uri: undefined },
    ]);
  });

  it('lists kind, regions and tags as categories with term, scheme and label', () => {
    expect(list(first.category)).toEqual([
      { '@term': 'analysis', '@scheme': `${ORIGIN}/kinds/`, '@label': 'Analysis' },
      { '@term': 'asia-pacific', '@scheme': `${ORIGIN}/regions/`, '@label': 'Asia-Pacific' },
      { '@term': 'china', '@scheme': `${ORIGIN}/tags/`, '@label': 'China' },
      { '@term': 'south-china-sea', '@scheme': `${ORIGIN}/tags/`, '@label': 'South China Sea' },
    ]);
    expect(list(third.category).map((c) => attr(c, 'label'))).toEqual(['brief', 'Asia-Pacific', 'insurance']);
  });

  it('gives the dek as the summary, as HTML when it holds & or <, so readers show exactly its characters', () => {
    expect(shownText(first.summary)).toBe(withImage.dek);
    expect(attr(first.summary, 'type')).toBe('html');
    expect(text(first.summary)).toBe(
      withImage.dek.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    );
  });

  it('gives the body as escaped HTML content, exactly as stored (URLs were made absolute when it was published)', () => {
    expect(attr(first.content, 'type')).toBe('html');
    expect(text(first.content)).toBe(withImage.bodyHtml);
    expect(decode(renderAtom(meta, [withImage]))).not.toContain('CDATA');
  });

  it('round-trips ]]> in the body', () => {
    expect(text(second.content)).toBe(withoutEnclosure.bodyHtml);
  });

  it('links the image as an enclosure only when its size and type are both known', () => {
    expect(linksOf(first)[1]).toEqual({
      '@rel': 'enclosure',
      '@type': 'image/jpeg',
      '@length': '245000',
      '@href': withImage.image?.url,
    });
    expect(linksOf(second)).toHaveLength(1);
    expect(linksOf(third)).toHaveLength(1);
  });

  it('describes the image with Media RSS', () => {
    const [content] = list(first['media:content']) as [XmlNode];
    expect(attr(content, 'url')).toBe(withImage.image?.url);
    expect(attr(content, 'medium')).toBe('image');
    expect(shownText(content['media:description'])).toBe(withImage.image?.alt);
    expect(list(first['media:thumbnail'])).toHaveLength(1);
    expect(third['media:content']).toBeUndefined();
  });
});

describe('feedMeta: the date of an empty feed', () => {
  const site: Site = {
    name: 'Meridian Review',
    url: ORIGIN,
    description: 'Foreign policy.',
    language: 'en',
    icon: `${ORIGIN}/assets/icon-512.png`,
    logo: `${ORIGIN}/assets/logo-1200x300.png`,
    copyright: '© Meridian Review',
    tagAuthority: 'meridian-review.example,2024',
  };
  const metaFor = (tagAuthority: string) =>
    feedMeta({
      site: { ...site, tagAuthority },
      scope: { type: 'all' },
      snapshot: emptySnapshot(),
      articles: [],
      selfUrl: `${ORIGIN}/feeds/all.atom`,
      ttlMinutes: 5,
    });

  it('is the first day of the year, month or day in the tag authority', () => {
    expect(metaFor('meridian-review.example,2024').emptyUpdated).toBe('2024-01-01T00:00:00Z');
    expect(metaFor('meridian-review.example,2024-06').emptyUpdated).toBe('2024-06-01T00:00:00Z');
    expect(metaFor('meridian-review.example,2024-06-15').emptyUpdated).toBe('2024-06-15T00:00:00Z');
  });

  it('is left out when the tag authority names no day of the calendar', () => {
    expect(metaFor('meridian-review.example,2024-13').emptyUpdated).toBeUndefined();
    expect(metaFor('meridian-review.example,2023-02-29').emptyUpdated).toBeUndefined();
  });

  it('dates an empty Atom feed', () => {
    const empty = metaFor('meridian-review.example,2024');
    expect(text(atomFeed(renderAtom(empty, [])).updated)).toBe('2024-01-01T00:00:00Z');
  });
});
