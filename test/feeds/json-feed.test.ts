import { describe, expect, it } from 'vitest';
import { renderJsonFeed } from '../../src/feeds/json-feed';
import { ORIGIN, RFC_3339_UTC, articles, decode, meta, pagedMeta, plain, withImage, withoutEnclosure } from './support';

interface JsonItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  content_html: string;
  image?: string;
  banner_image?: string;
  date_published: string;
  date_modified: string;
  authors: { name: string; url?: string }[];
  tags: string[];
  language?: string;
}

interface JsonFeed {
  version: string;
  items: JsonItem[];
  [key: string]: unknown;
}

const parse = (bytes: Uint8Array) => JSON.parse(decode(bytes)) as JsonFeed;
const feed = parse(renderJsonFeed(meta, articles));
const [first, second, third] = feed.items as [JsonItem, JsonItem, JsonItem];

describe('renderJsonFeed: document', () => {
  it('describes the feed as JSON Feed 1.1, with keys in a fixed order and no top-level authors', () => {
    expect(Object.keys(feed)).toEqual([
      'version',
      'title',
      'home_page_url',
      'feed_url',
      'description',
      'icon',
      'favicon',
      'language',
      'items',
    ]);
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: meta.title,
      home_page_url: meta.siteUrl,
      feed_url: meta.selfUrl,
      description: meta.description,
      icon: meta.icon,
      favicon: meta.icon,
      language: 'en',
    });
  });

  it('adds next_url and a WebSub hub only when they are given', () => {
    expect(feed.next_url).toBeUndefined();
    expect(feed.hubs).toBeUndefined();
    const paged = parse(renderJsonFeed(pagedMeta, articles));
    expect(paged.next_url).toBe(pagedMeta.nextUrl);
    expect(paged.hubs).toEqual([{ type: 'WebSub', url: pagedMeta.hubUrl }]);
    expect(Object.keys(paged).indexOf('next_url')).toBe(Object.keys(paged).indexOf('feed_url') + 1);
  });

  it('renders the same bytes twice', () => {
    expect(renderJsonFeed(pagedMeta, articles)).toEqual(renderJsonFeed(pagedMeta, articles));
  });

  it('writes exactly what JSON.stringify writes for the whole document, though it stringifies item by item', () => {
    const whole = JSON.stringify(parse(renderJsonFeed(pagedMeta, articles)));
    expect(decode(renderJsonFeed(pagedMeta, articles))).toBe(whole);
    expect(decode(renderJsonFeed(meta, []))).toBe(JSON.stringify(parse(renderJsonFeed(meta, []))));
    expect(decode(renderJsonFeed(meta, [plain]))).toBe(JSON.stringify(parse(renderJsonFeed(meta, [plain]))));
  });

  it('renders an empty feed with an empty item list', () => {
    expect(parse(renderJsonFeed(meta, [])).items).toEqual([]);
  });
});

describe('renderJsonFeed: items', () => {
  it('lists every article in the order given, with the permanent id and the article URL', () => {
    expect(feed.items.map((item) => [item.id, item.url])).toEqual(
      articles.map((a) => [`${meta.guidPrefix}${a.id}`, a.url]),
    );
  });

  it('keeps titles and deks exactly, markup-like characters included', () => {
    expect(first.title).toBe(withImage.title);
    expect(first.summary).toBe(withImage.dek);
    expect(second.title).toBe(withoutEnclosure.title);
  });

  it('gives the body as content_html exactly as stored (sanitized and made absolute when it was published)', () => {
    expect(first.content_html).toBe(withImage.bodyHtml);
    expect(second.content_html).toContain(']]>');
  });

  it('writes date_published and date_modified in RFC 3339 UTC; date_modified falls back to date_published', () => {
    expect(first.date_published).toBe('2025-06-10T04:00:00Z');
    expect(first.date_modified).toBe('2025-06-11T13:30:00.250Z');
    expect(second.date_modified).toBe(second.date_published);
    for (const item of feed.items) {
      expect(item.date_published).toMatch(RFC_3339_UTC);
      expect(item.date_modified).toMatch(RFC_3339_UTC);
    }
  });

  it('lists authors with their URL when there is one', () => {
    expect(first.authors).toEqual([
      { name: 'Amara Okafor', url: `${ORIGIN}/authors/amara-okafor` },
      { name: 'Li Wei' },
    ]);
  });

  it('uses category labels as tags, falling back to the slug', () => {
    expect(first.tags).toEqual(['Analysis', 'Asia-Pacific', 'China', 'South China Sea']);
    expect(third.tags).toEqual(['brief', 'Asia-Pacific', 'insurance']);
  });

  it('lists a label only once when two taxonomies share it', () => {
    const item = parse(
      renderJsonFeed({ ...meta, termLabels: { ...meta.termLabels, 'tag:china': 'Asia-Pacific' } }, [withImage]),
    ).items[0];
    expect(item?.tags).toEqual(['Analysis', 'Asia-Pacific', 'South China Sea']);
  });

  it('uses the lead image as image and banner_image, and leaves both out without one', () => {
    expect(first.image).toBe(withImage.image?.url);
    expect(first.banner_image).toBe(withImage.image?.url);
    expect(plain.image).toBeUndefined();
    expect('image' in third).toBe(false);
    expect('banner_image' in third).toBe(false);
  });

  it('sets language only on items whose language differs from the feed', () => {
    expect('language' in first).toBe(false);
    expect(second.language).toBe('fr');
    expect(third.language).toBe('en-GB');
  });
});
