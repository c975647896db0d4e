/** Sample feed data and XML helpers for the renderer tests; independent of fixtures/ and of the worker. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { FeedMeta } from '../../src/feeds/model';
import type { Article } from '../../src/schema/article';

export const ORIGIN = 'https://meridian-review.example';

export const meta: FeedMeta = {
  title: 'Meridian Review — Asia-Pacific',
  description: 'Analysis & news on foreign policy in the Asia-Pacific.',
  siteUrl: `${ORIGIN}/regions/asia-pacific`,
  selfUrl: `${ORIGIN}/feeds/region/asia-pacific.rss`,
  feedId: 'tag:meridian-review.example,2024:feed:region:asia-pacific',
  language: 'en',
  copyright: '© 2025 Meridian Review',
  icon: `${ORIGIN}/assets/icon-512.png`,
  logo: `${ORIGIN}/assets/logo-1200x300.png`,
  ttlMinutes: 15,
  guidPrefix: 'tag:meridian-review.example,2024:article:',
  categorySchemes: { kind: `${ORIGIN}/kinds/`, region: `${ORIGIN}/regions/`, tag: `${ORIGIN}/tags/` },
  termLabels: {
    'kind:analysis': 'Analysis',
    'kind:news': 'News',
    'region:asia-pacific': 'Asia-Pacific',
    'region:middle-east': 'Middle East',
    'tag:china': 'China',
    'tag:south-china-sea': 'South China Sea',
    'tag:iran': 'Iran',
  },
};

/** A later page of the same feed, with paging links and a WebSub hub. */
export const pagedMeta: FeedMeta = {
  ...meta,
  selfUrl: `${ORIGIN}/feeds/region/asia-pacific.rss?before=a-0100`,
  firstUrl: `${ORIGIN}/feeds/region/asia-pacific.rss`,
  nextUrl: `${ORIGIN}/feeds/region/asia-pacific.rss?before=a-0050`,
  hubUrl: 'https://hub.meridian-review.example/',
};

/** Newest first, as the store returns them. */
export const articles: Article[] = [
  {
    id: 'a-0003',
    slug: 'why-manila-worries',
    url: `${ORIGIN}/2025/06/why-manila-worries`,
    title: 'Beijing’s maritime law: Manila & Washington <wary>',
    dek: 'A new coast-guard rule gives <b>boarding</b> powers; neighbours & allies object.',
    kind: 'analysis',
    regions: ['asia-pacific'],
    tags: ['china', 'south-china-sea'],
    authors: [
      { slug: 'amara-okafor', name: 'Amara Okafor', url: `${ORIGIN}/authors/amara-okafor` },
      { slug: 'li-wei', name: 'Li Wei' },
    ],
    publishedAt: '2025-06-10T06:00:00+02:00',
    updatedAt: '2025-06-11T09:30:00.250-04:00',
    image: {
      url: `${ORIGIN}/media/2025/06/patrol.jpg`,
      alt: 'A coast-guard cutter & a fishing boat',
      credit: 'Photo: Agency',
      width: 1600,
      height: 900,
      type: 'image/jpeg',
      length: 245_000,
    },
    bodyHtml:
      '<p>See <a href="/2025/03/x">the March piece</a>, <a href="../topics/iran">Iran</a> and ' +
      '<a href="https://elsewhere.example/report">a report</a> or <a href="#notes">the notes</a>.</p>\n' +
      '<figure><img src="/media/2025/06/map.png" srcset="/media/map-1x.png 1x, /media/map-2x.png 2x" alt="Map"></figure>\n' +
      '<p id="notes">Write to <a href="mailto:desk@meridian-review.example">the desk</a>.</p>',
    language: 'en',
  },
  {
    id: 'a-0002',
    slug: 'teheran-et-ses-voisins',
    url: `${ORIGIN}/2025/06/teheran-et-ses-voisins`,
    title: 'Téhéran et ses voisins ]]> un équilibre fragile',
    dek: 'Analyse des négociations régionales.',
    kind: 'news',
    regions: ['middle-east', 'asia-pacific'],
    tags: ['iran'],
    authors: [{ slug: 'lena-kovacs', name: 'Léna Kovács' }],
    publishedAt: '2025-06-09T23:15:00-03:00',
    image: { url: `${ORIGIN}/media/2025/06/tehran.jpg`, alt: 'Tehran at night', width: 1200, height: 800 },
    bodyHtml:
      '<p>Un texte avec <code>a[b[0]]&gt;c</code> et la séquence ]]> au milieu.</p><p><a href="/fr/">Accueil</a></p>',
    language: 'fr',
  },
  {
    id: 'a-0001',
    slug: 'brief-shipping',
    url: `${ORIGIN}/2025/06/brief-shipping`,
    title: 'Shipping insurers raise premiums',
    dek: 'A short item.',
    kind: 'brief',
    regions: ['asia-pacific'],
    tags: ['insurance'],
    authors: [{ slug: 'hiroshi-tanaka', name: 'Hiroshi Tanaka' }],
    publishedAt: '2025-06-08T08:00:00Z',
    bodyHtml: '<p>Premiums rose 12%.</p>',
    language: 'en-GB',
  },
];

export const [withImage, withoutEnclosure, plain] = articles as [Article, Article, Article];

// ---------------------------------------------------------------------------------------------------------------
// XML

/** Elements that may repeat, so they always parse as arrays. */
const REPEATED = new Set([
  'item',
  'entry',
  'category',
  'dc:creator',
  'atom:link',
  'author',
  'media:content',
  'media:thumbnail',
]);
const ATOM_LINKS = new Set(['feed.link', 'feed.entry.link']);

/**
 * fast-xml-parser, configured to keep text exactly: no trimming, no number parsing, character references decoded,
 * attributes as "@name".
 */
export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name, jpath) => REPEATED.has(name) || ATOM_LINKS.has(String(jpath)),
});

export type XmlNode = Record<string, unknown>;

/**
 * `fatal`: bytes that are not valid UTF-8 throw instead of turning into U+FFFD unnoticed; `ignoreBOM`: a byte order
 * mark would be kept as text, where a test sees it, instead of being dropped.
 */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A rendered document as text. The renderers return UTF-8 bytes; this throws if they are not valid UTF-8. */
export function decode(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** `new TextEncoder().encode(text)`: the bytes a document rendered as text would have been sent as. */
export function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The text of a parsed element, whether it parsed as a plain string or as an object with attributes. */
export function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node !== null && typeof node === 'object' && '#text' in node) return String((node as XmlNode)['#text']);
  return '';
}

export function attr(node: unknown, name: string): string | undefined {
  const value = (node as XmlNode)[`@${name}`];
  return value === undefined ? undefined : String(value);
}

export function list(node: unknown): XmlNode[] {
  return (node ?? []) as XmlNode[];
}

/** Characters XML 1.0 forbids (what the renderers must remove). */
export const INVALID_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function withoutInvalidXmlChars(value: string): string {
  return value.replace(INVALID_XML_CHAR, '');
}

/**
 * Well-formed XML 1.0: the parser's validator, plus what it does not check — no forbidden character anywhere and no
 * `]]>` outside a CDATA section.
 */
export function expectWellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml.match(INVALID_XML_CHAR)).toBeNull();
  expect(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toContain(']]>');
}

/** Parses a document given as text or as the UTF-8 bytes a renderer returns (decoded with `decode`). */
export function parseXml(xml: string | Uint8Array): XmlNode {
  const text = typeof xml === 'string' ? xml : decode(xml);
  expectWellFormed(text);
  return xmlParser.parse(text) as XmlNode;
}

export function rssChannel(xml: string | Uint8Array): XmlNode & { item?: XmlNode[] } {
  return (parseXml(xml).rss as XmlNode).channel as XmlNode & { item?: XmlNode[] };
}

export function atomFeed(xml: string | Uint8Array): XmlNode & { entry?: XmlNode[] } {
  return parseXml(xml).feed as XmlNode & { entry?: XmlNode[] };
}

/** One level of HTML character references, as a reader decodes an RSS description. */
export function decodeHtmlText(html: string): string {
  return html.replace(
    /&(amp|lt|gt|quot|#39|#13);/g,
    (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#13': '\r' })[name] ?? '',
  );
}

/** What a reader shows for an element with a `type` (Atom text constructs, media:description): HTML is decoded once. */
export function shownText(node: unknown): string {
  return attr(node, 'type') === 'html' ? decodeHtmlText(text(node)) : text(node);
}

/** RFC 822 as RSS 2.0 wants it: day name, two-digit day, four-digit year, GMT. */
export const RFC_822 =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;
/** RFC 3339 in UTC. */
export const RFC_3339_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;
