/**
 * Property-based: whatever text an article carries, every format stays well-formed and the reader gets the text back —
 * exactly in JSON, and minus only the characters XML 1.0 cannot carry in RSS and Atom.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../src/feeds/atom';
import { renderJsonFeed } from '../../src/feeds/json-feed';
import type { FeedMeta } from '../../src/feeds/model';
import { renderRss } from '../../src/feeds/rss';
import type { Article } from '../../src/schema/article';
import { contentEtag } from '../../src/http/representation';
import {
  articles,
  atomFeed,
  attr,
  decode,
  decodeHtmlText,
  encode,
  list,
  meta,
  plain,
  rssChannel,
  shownText,
  text,
  withoutInvalidXmlChars,
  type XmlNode,
} from './support';

const RUNS = { seed: 42, numRuns: 200 } as const;

/** Pieces that have broken feeds before: controls, noncharacters, lone surrogates, CDATA and markup, bidi, emoji. */
const HOSTILE_PIECES = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000B',
  '\u000C',
  '\u001B',
  '\u001F',
  '\u007F',
  '\u0085',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  ']]>',
  ']]',
  ']',
  '>',
  '<',
  '&',
  '&amp;',
  '&lt;',
  '&#13;',
  '&nbsp;',
  '"',
  "'",
  '\r\n',
  '\r',
  '\n',
  '\t',
  ' ',
  '<script>alert(1)</script>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<a href="/2025/03/x">',
  '<a href=x]]',
  '<img src=../up.png>',
  '<img srcset="a.png 1x, /b.png 2x">',
  'שלום',
  'مرحبا',
  '\u202E',
  '\u200F',
  '😀',
  '👩‍👩‍👧',
  'e\u0301',
  '\u{10FFFF}',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const veryLong = fc
  .tuple(fc.constantFrom(...HOSTILE_PIECES, 'word '), fc.integer({ min: 1_000, max: 5_000 }))
  .map(([p, times]) => p.repeat(times));
const hostileText = fc.oneof(
  { weight: 9, arbitrary: fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: veryLong },
);

interface Hostile {
  title: string;
  dek: string;
  body: string;
  author: string;
  label: string;
}

const hostileRecord: fc.Arbitrary<Hostile> = fc.record({
  title: hostileText,
  dek: hostileText,
  body: hostileText,
  author: hostileText,
  label: hostileText,
});

function feedOf(h: Hostile): { meta: FeedMeta; article: Article } {
  return {
    meta: { ...meta, termLabels: { ...meta.termLabels, 'kind:brief': h.label } },
    article: { ...plain, title: h.title, dek: h.dek, bodyHtml: h.body, authors: [{ slug: 'hostile', name: h.author }] },
  };
}

/** What an XML reader may get back: the input without the characters XML 1.0 forbids. */
const xmlSafe = withoutInvalidXmlChars;
/** XML end-of-line handling, which applies to raw CR in a CDATA section. */
const eol = (value: string) => value.replace(/\r\n?/g, '\n');

describe('hostile text', () => {
  it('keeps RSS well-formed and every text field readable, minus characters XML forbids', () => {
    fc.assert(
      fc.property(hostileRecord, (h) => {
        const { meta: m, article } = feedOf(h);
        const [item] = rssChannel(renderRss(m, [article])).item as [XmlNode];
        expect(text(item.title)).toBe(xmlSafe(h.title));
        // description is HTML: the plain-text dek is HTML-escaped inside it.
        expect(decodeHtmlText(text(item.description))).toBe(xmlSafe(h.dek));
        expect(eol(text(item['content:encoded']))).toBe(eol(xmlSafe(h.body)));
        expect(list(item['dc:creator']).map(text)).toEqual([xmlSafe(h.author)]);
        expect(text(list(item.category)[0])).toBe(xmlSafe(h.label));
      }),
      RUNS,
    );
  });

  it('keeps Atom well-formed and every text field readable, minus characters XML forbids', () => {
    fc.assert(
      fc.property(hostileRecord, (h) => {
        const { meta: m, article } = feedOf(h);
        const [entry] = atomFeed(renderAtom(m, [article])).entry as [XmlNode];
        expect(shownText(entry.title)).toBe(xmlSafe(h.title));
        expect(shownText(entry.summary)).toBe(xmlSafe(h.dek));
        expect(text(entry.content)).toBe(xmlSafe(h.body));
        expect(text((list(entry.author)[0] as XmlNode).name)).toBe(xmlSafe(h.author));
        expect(attr(list(entry.category)[0], 'label')).toBe(xmlSafe(h.label));
      }),
      RUNS,
    );
  });

  it('keeps JSON Feed parseable and every text field exactly as given', () => {
    fc.assert(
      fc.property(hostileRecord, (h) => {
        const { meta: m, article } = feedOf(h);
        const json = decode(renderJsonFeed(m, [article]));
        const [item] = (JSON.parse(json) as { items: Record<string, unknown>[] }).items as [Record<string, unknown>];
        expect(item.title).toBe(h.title);
        expect(item.summary).toBe(h.dek);
        expect(item.content_html).toBe(h.body);
        expect(item.authors).toEqual([{ name: h.author }]);
        expect((item.tags as string[])[0]).toBe(h.label);
      }),
      RUNS,
    );
  });

  it('keeps the feed-level text of every format readable', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (title, description) => {
        const m = { ...meta, title, description, copyright: title };
        const channel = rssChannel(renderRss(m, articles));
        expect(text(channel.title)).toBe(xmlSafe(title));
        expect(decodeHtmlText(text(channel.description))).toBe(xmlSafe(description));
        const feed = atomFeed(renderAtom(m, articles));
        expect(shownText(feed.title)).toBe(xmlSafe(title));
        expect(shownText(feed.subtitle)).toBe(xmlSafe(description));
        expect(shownText(feed.rights)).toBe(xmlSafe(title));
        expect(JSON.parse(decode(renderJsonFeed(m, articles)))).toMatchObject({ title, description });
      }),
      { seed: 42, numRuns: 50 },
    );
  });
});

describe('every format', () => {
  it('gives each article the same permanent id, in the same order', () => {
    const rss = (rssChannel(renderRss(meta, articles)).item ?? []).map((item) => text(item.guid));
    const atom = (atomFeed(renderAtom(meta, articles)).entry ?? []).map((entry) => text(entry.id));
    const json = (JSON.parse(decode(renderJsonFeed(meta, articles))) as { items: { id: string }[] }).items.map(
      (item) => item.id,
    );
    expect(rss).toEqual(articles.map((a) => `${meta.guidPrefix}${a.id}`));
    expect(atom).toEqual(rss);
    expect(json).toEqual(rss);
  });

  it('gives each article the same content, whatever the format', () => {
    const rss = (rssChannel(renderRss(meta, articles)).item ?? []).map((item) => text(item['content:encoded']));
    const atom = (atomFeed(renderAtom(meta, articles)).entry ?? []).map((entry) => text(entry.content));
    const json = (
      JSON.parse(decode(renderJsonFeed(meta, articles))) as { items: { content_html: string }[] }
    ).items.map((item) => item.content_html);
    expect(atom).toEqual(rss);
    expect(json).toEqual(rss);
  });
});

describe('every format, as bytes', () => {
  const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;

  /** Text in scripts of every UTF-8 length, and markup that must be escaped or split. */
  const worldly: Article = {
    ...plain,
    title: 'Beijing 北京 · الرياض · Kyiv 🇺🇦 — “quoted” ]]> & <b>',
    dek: 'مرحبا بالعالم 你好，世界 😀👩‍👩‍👧 e\u0301 ]]> 𝄞',
    bodyHtml:
      '<p lang="zh">中国外交部 <a href="/2025/06/北京">北京</a> ]]> 😀</p>' +
      '<p dir="rtl">وزارة الخارجية <img src="../صور/خريطة.png" alt="خريطة"> “الرياض”</p>' +
      '<p>a[b[0]]&gt;c — 𝄞 \u{10FFFF} <a href="?q=1&amp;r=ü">é</a></p>',
    authors: [{ slug: 'li-wei', name: '李伟 & فاطمة' }],
  };

  it.each(Object.keys(RENDERERS) as (keyof typeof RENDERERS)[])(
    '%s: the bytes are exactly the UTF-8 encoding of the document they decode to',
    (format) => {
      for (const list of [articles, [worldly], [worldly, ...articles], []]) {
        const bytes = RENDERERS[format](meta, list);
        expect(bytes).toBeInstanceOf(Uint8Array);
        const document = decode(bytes); // fatal: throws on anything that is not valid UTF-8
        expect(encode(document)).toEqual(bytes);
      }
    },
  );

  it('carries Chinese, Arabic, emoji and ]]> through every format', () => {
    const expected = worldly.bodyHtml;
    const [item] = rssChannel(renderRss(meta, [worldly])).item as [XmlNode];
    expect(text(item.title)).toBe(worldly.title);
    expect(text(item['content:encoded'])).toBe(expected);
    const [entry] = atomFeed(renderAtom(meta, [worldly])).entry as [XmlNode];
    expect(text(entry.summary)).toBe(worldly.dek);
    expect(text(entry.content)).toBe(expected);
    const json = JSON.parse(decode(renderJsonFeed(meta, [worldly]))) as {
      items: { title: string; content_html: string; authors: { name: string }[] }[];
    };
    expect(json.items[0]).toMatchObject({
      title: worldly.title,
      content_html: expected,
      authors: [{ name: '李伟 & فاطمة' }],
    });
  });

  it('returns a new array each time, which the caller owns', () => {
    const first = renderAtom(meta, articles);
    const copy = first.slice();
    const second = renderAtom(meta, [worldly]);
    expect(second).not.toBe(first);
    expect(first).toEqual(copy); // the second render did not write over the first
    first.fill(0);
    expect(renderAtom(meta, articles)).toEqual(copy);
  });

  it('gives bytes the same ETag as the text they encode', async () => {
    const bytes = renderRss(meta, [worldly]);
    expect(await contentEtag(bytes)).toBe(await contentEtag(decode(bytes)));
    expect(await contentEtag(bytes)).not.toBe(await contentEtag(renderRss(meta, articles)));
  });
});
