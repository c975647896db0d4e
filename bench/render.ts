/**
 * `npx tsx bench/render.ts`: our RSS, Atom and JSON Feed renderers against the npm `feed` package (v6) on the same
 * full-content corpora of 20, 50, 200 and 1000 articles, timed to what the worker pays: the bytes ready to send.
 * Prints a table and a linearity table; asserts nothing. `main()` is exported for a wrapper; run as a script, the file
 * calls it itself.
 *
 * Both sides produce documents with the same items, content (the body as stored: sanitized, with every URL made
 * absolute, when it was published), authors, categories and lead image (as an enclosure). Ours return the UTF-8
 * bytes; `feed` returns a string, which a worker must encode too, so its time includes `TextEncoder.encode` of that
 * string. `feed` is timed two ways:
 *   - "feed, pre": handed Items built beforehand, outside the timed region (only building the Feed object, every
 *     addItem, the serializer and the encoding are timed) — the comparison most favourable to `feed`, and the
 *     headline ratio;
 *   - "feed, e2e": from the same Article records as ours, mapping them to Items inside the timed region, as ours does.
 */
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Feed, type Item } from 'feed';
import { cleanArticle } from '../src/content/article-record';
import { renderAtom } from '../src/feeds/atom';
import { renderJsonFeed } from '../src/feeds/json-feed';
import type { FeedMeta } from '../src/feeds/model';
import { renderRss } from '../src/feeds/rss';
import type { Article } from '../src/schema/article';
import { mulberry32 } from '../scripts/lib/synthetic-corpus';
import { KINDS, REGIONS } from '../src/schema/taxonomy';

const SIZES = [20, 50, 200, 1000] as const;
const MIN_SAMPLE_MS = 400;
const MIN_SAMPLES = 9;
const BLOCK_MS = 50;
/** Per renderer, before the first case. */
const WARM_UP_MS = 400;
const ORIGIN = 'https://meridian-review.example';

// ---------------------------------------------------------------------------------------------------------------
// Deterministic corpus

const random = mulberry32(20250610);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
function pick<T>(list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

const WORDS = (
  'ministers diplomats sanctions treaty ceasefire negotiations envoy summit alliance maritime border tariffs ' +
  'parliament coalition election security council resolution embargo talks delegation strait patrol exports ' +
  'energy pipeline grain corridor reserve currency inflation bonds bilateral multilateral framework accord ' +
  'Brussels Beijing Manila Tehran Ankara Nairobi Brasília Kyiv Warsaw Jakarta Seoul Riyadh Doha Geneva Vienna'
).split(' ');
const TAGS = [
  'china',
  'iran',
  'ukraine',
  'sanctions',
  'energy',
  'trade',
  'nato',
  'south-china-sea',
  'elections',
  'climate',
];
const AUTHORS = [
  { slug: 'amara-okafor', name: 'Amara Okafor', url: `${ORIGIN}/authors/amara-okafor` },
  { slug: 'lena-kovacs', name: 'Léna Kovács' },
  { slug: 'hiroshi-tanaka', name: 'Hiroshi Tanaka', url: `${ORIGIN}/authors/hiroshi-tanaka` },
  { slug: 'sofia-reyes', name: 'Sofía Reyes & Daniel Park' },
];

function sentence(): string {
  const words: string[] = [];
  for (let i = int(8, 22); i > 0; i--) words.push(pick(WORDS));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${pick(['.', '.', '.', ' — officials said.', '; “a turning point”, one envoy said.'])}`;
}

function paragraph(n: number): string {
  let html = '<p>';
  for (let i = int(2, 5); i > 0; i--) {
    const roll = random();
    if (roll < 0.25)
      html += `${sentence()} <a href="/${2020 + int(0, 5)}/${String(int(1, 12)).padStart(2, '0')}/${pick(WORDS).toLowerCase()}-${n}-${i}">${pick(WORDS)} ${pick(WORDS)}</a>. `;
    else if (roll < 0.35)
      html += `${sentence()} <a href="https://www.example.org/reports/${n}/${i}?ref=mr&amp;utm=feed">the report</a>. `;
    else if (roll < 0.4) html += `${sentence()} <a href="../topics/${pick(TAGS)}">${pick(WORDS)}</a>. `;
    else html += `${sentence()} `;
  }
  return `${html.trimEnd()}</p>\n`;
}

function figure(n: number): string {
  const path = `/media/2025/${n}/figure-${int(1, 99)}`;
  return (
    `<figure><img src="${path}-800.jpg" srcset="${path}-800.jpg 800w, ${path}-1600.jpg 1600w" sizes="(max-width: 800px) 100vw, 800px"` +
    ` alt="${pick(WORDS)} ${pick(WORDS)} at the ${pick(WORDS)} talks" width="800" height="533" loading="lazy">` +
    `<figcaption>${sentence()} <cite>Photo: Agency</cite></figcaption></figure>\n`
  );
}

function body(n: number): string {
  const target = int(4000, 10000);
  let html = '';
  while (html.length < target) {
    const roll = random();
    if (roll < 0.12) html += figure(n);
    else if (roll < 0.18) html += `<blockquote cite="/quotes/${n}"><p>${sentence()}</p></blockquote>\n`;
    else if (roll < 0.22) html += `<h2>${sentence()}</h2>\n`;
    else html += paragraph(n);
  }
  return html;
}

function article(n: number): Article {
  const published = Date.UTC(2025, 0, 1) + n * 3_600_000;
  const slug = `${pick(WORDS).toLowerCase()}-${pick(WORDS).toLowerCase()}-${n}`;
  const month = new Date(published).toISOString().slice(0, 7).replace('-', '/');
  const hasImage = random() < 0.8;
  return {
    id: `a${n.toString(36).padStart(6, '0')}`,
    slug,
    url: `${ORIGIN}/${month}/${slug}`,
    title: `${sentence().slice(0, 90)} & what comes next`,
    dek: `${sentence()} ${sentence()}`,
    kind: pick(KINDS),
    regions: [pick(REGIONS)],
    tags: [...new Set([pick(TAGS), pick(TAGS), pick(TAGS)])],
    authors: random() < 0.3 ? [pick(AUTHORS.slice(0, 2)), pick(AUTHORS.slice(2))] : [pick(AUTHORS)],
    // Offsets as the CMS sends them, so date normalisation is exercised too.
    publishedAt: new Date(published).toISOString().replace('.000Z', '+00:00'),
    ...(random() < 0.4 ? { updatedAt: new Date(published + 86_400_000).toISOString() } : {}),
    ...(hasImage
      ? {
          image: {
            url: `${ORIGIN}/media/2025/${n}/lead-1600.jpg`,
            alt: `${pick(WORDS)} ${pick(WORDS)} during the ${pick(WORDS)} summit`,
            credit: 'Photo: Agency',
            width: 1600,
            height: 900,
            type: 'image/jpeg',
            length: int(80_000, 400_000),
          },
        }
      : {}),
    bodyHtml: body(n),
    language: random() < 0.9 ? 'en' : 'fr',
  };
}

/** The articles, round-tripped through JSON as the worker reads records from KV: flat strings, not ropes left over from building. */
function corpus(): Article[] {
  return JSON.parse(JSON.stringify(Array.from({ length: Math.max(...SIZES) }, (_, n) => article(n)))) as Article[];
}

const META: FeedMeta = {
  title: 'Meridian Review',
  description: 'Analysis and news on foreign policy, security and the world economy.',
  siteUrl: `${ORIGIN}/`,
  selfUrl: `${ORIGIN}/feeds/all.rss`,
  nextUrl: `${ORIGIN}/feeds/all.rss?before=a000100`,
  hubUrl: 'https://hub.meridian-review.example/',
  feedId: 'tag:meridian-review.example,2024:feed:all',
  language: 'en',
  copyright: '© Meridian Review. All rights reserved.',
  icon: `${ORIGIN}/assets/icon-512.png`,
  logo: `${ORIGIN}/assets/logo-1200x300.png`,
  ttlMinutes: 15,
  guidPrefix: 'tag:meridian-review.example,2024:article:',
  categorySchemes: { kind: `${ORIGIN}/kinds/`, region: `${ORIGIN}/regions/`, tag: `${ORIGIN}/tags/` },
  termLabels: {
    'kind:analysis': 'Analysis',
    'kind:news': 'News',
    'kind:opinion': 'Opinion',
    'kind:brief': 'Brief',
    'region:asia-pacific': 'Asia-Pacific',
    'region:middle-east': 'Middle East',
    'region:europe': 'Europe',
    'region:africa': 'Africa',
    'region:latin-america': 'Latin America',
    'region:north-america': 'North America',
    'region:global': 'Global',
    'tag:china': 'China',
    'tag:south-china-sea': 'South China Sea',
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The same input for `feed`

type Rendering = 'rss2' | 'atom1' | 'json1';

function label(type: string, slug: string): string {
  return META.termLabels[`${type}:${slug}`] ?? slug;
}

function toFeedItems(articles: readonly Article[]): Item[] {
  return articles.map((a) => {
    const scheme = META.categorySchemes;
    const terms: [string, string, string][] = [
      [scheme.kind, 'kind', a.kind],
      ...a.regions.map((r): [string, string, string] => [scheme.region, 'region', r]),
      ...a.tags.map((t): [string, string, string] => [scheme.tag, 'tag', t]),
    ];
    return {
      title: a.title,
      id: META.guidPrefix + a.id,
      guid: META.guidPrefix + a.id,
      link: a.url,
      date: new Date(a.updatedAt ?? a.publishedAt),
      published: new Date(a.publishedAt),
      description: a.dek,
      content: a.bodyHtml,
      author: a.authors.map((author) =>
        author.url === undefined ? { name: author.name } : { name: author.name, link: author.url },
      ),
      category: terms.map(([domain, type, slug]) => ({ name: label(type, slug), domain, scheme: domain, term: slug })),
      ...(a.image === undefined
        ? {}
        : { enclosure: { url: a.image.url, type: a.image.type ?? 'image/jpeg', length: a.image.length ?? 0 } }),
    };
  });
}

function renderWithFeed(items: readonly Item[], format: Rendering): string {
  const updated = items.reduce((max, item) => Math.max(max, item.date.getTime()), 0);
  const feed = new Feed({
    id: META.feedId,
    title: META.title,
    description: META.description,
    link: META.siteUrl,
    language: META.language,
    copyright: META.copyright,
    updated: new Date(updated),
    generator: 'Edge Syndication',
    ttl: META.ttlMinutes,
    image: META.icon,
    favicon: META.icon,
    hub: META.hubUrl,
    feedLinks: { rss: META.selfUrl, atom: META.selfUrl, json: META.selfUrl },
  });
  for (const item of items) feed.addItem(item);
  return feed[format]();
}

// ---------------------------------------------------------------------------------------------------------------
// Timing

interface Result {
  bytes: number;
  medianMs: number;
  mbPerSecond: number;
}

const encoder = new TextEncoder();
let sink = 0;

/**
 * Times several renderers on one case: a full collection, a warm-up, then turns in blocks of about BLOCK_MS until each
 * has had at least MIN_SAMPLE_MS of single renders and MIN_SAMPLES of them; the median of those. Taking turns makes
 * the ratio fair on a machine whose load changes from second to second. Collections then come when the heap asks for
 * them, so each renderer pays for its own garbage (a collection forced between turns would hide that cost, and would
 * also hand the next render freshly unmapped memory).
 */
function measure(renders: readonly (() => Uint8Array)[], collectGarbage: () => void): Result[] {
  collectGarbage();
  const bytes = renders.map((render) => render().length);
  for (const render of renders) {
    const warmUntil = performance.now() + 100;
    while (performance.now() < warmUntil) sink += render().length;
  }
  const samples = renders.map((): number[] => []);
  const spent = renders.map(() => 0);
  const done = (k: number) => (samples[k]?.length ?? 0) >= MIN_SAMPLES && (spent[k] ?? 0) >= MIN_SAMPLE_MS;
  while (!renders.every((_, k) => done(k))) {
    renders.forEach((render, k) => {
      if (done(k)) return;
      const block = performance.now();
      do {
        const t0 = performance.now();
        const output = render();
        const t1 = performance.now();
        sink += output[output.length >> 1] ?? 0;
        samples[k]?.push(t1 - t0);
        spent[k] = (spent[k] ?? 0) + (t1 - t0);
      } while (performance.now() - block < BLOCK_MS);
    });
  }
  return samples.map((list, k) => {
    list.sort((a, b) => a - b);
    const medianMs = list[list.length >> 1] ?? Number.NaN;
    const size = bytes[k] ?? 0;
    return { bytes: size, medianMs, mbPerSecond: size / 1e6 / (medianMs / 1e3) };
  });
}

const FORMATS = [
  { name: 'RSS 2.0', ours: renderRss, theirs: 'rss2' },
  { name: 'Atom 1.0', ours: renderAtom, theirs: 'atom1' },
  { name: 'JSON Feed', ours: renderJsonFeed, theirs: 'json1' },
] as const;

export interface Case {
  format: string;
  size: number;
  ours: Result;
  feedPre: Result;
  feedE2e: Result;
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const ms = (value: number) => pad(value.toFixed(value < 10 ? 2 : 1), 7);
const rate = (value: number) => pad(value.toFixed(0), 5);
const ratio = (ours: Result, theirs: Result) => pad(`${(ours.mbPerSecond / theirs.mbPerSecond).toFixed(1)}×`, 6);

/** Runs every case, prints the comparison and the linearity table, and returns the cases. */
export function main(): Case[] {
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  // Stored articles: sanitized at publish, as the worker reads them.
  const articles = corpus().map(cleanArticle);

  /*
   * Every render, ours and feed's, ends in a fresh buffer the size of its output: ours the copy handed to the caller,
   * feed's the one TextEncoder.encode returns. glibc gives memory back to the kernel once the free memory at the top
   * of its heap exceeds twice the largest block it has freed so far, and in this VM each fresh page then costs a page
   * fault (about 2.5 ms per MB). Whether a case paid that depended on its output size and on when collections freed
   * the previous outputs, so the 1000-item cases swung by ±30% from run to run. Freeing one 30 MB block first raises
   * the thresholds to where a long-running server process has them, for both sides alike.
   */
  let large: Uint8Array | undefined = new Uint8Array(30 * 1024 * 1024);
  sink += large.length;
  large = undefined;
  collectGarbage();

  // Before any clock runs, render every case once and each renderer for a while: otherwise the first cases time the JIT.
  for (const format of FORMATS) {
    for (const size of [...SIZES].reverse()) {
      const slice = articles.slice(0, size);
      sink +=
        format.ours(META, slice).length + encoder.encode(renderWithFeed(toFeedItems(slice), format.theirs)).length;
    }
    const slice = articles.slice(0, 50);
    const items = toFeedItems(slice);
    for (const render of [() => format.ours(META, slice), () => encoder.encode(renderWithFeed(items, format.theirs))]) {
      const until = performance.now() + WARM_UP_MS;
      while (performance.now() < until) sink += render().length;
    }
  }

  const cases: Case[] = [];
  for (const format of FORMATS) {
    for (const size of SIZES) {
      const slice = articles.slice(0, size);
      const items = toFeedItems(slice);
      const [ours, feedPre, feedE2e] = measure(
        [
          () => format.ours(META, slice),
          () => encoder.encode(renderWithFeed(items, format.theirs)),
          () => encoder.encode(renderWithFeed(toFeedItems(slice), format.theirs)),
        ],
        collectGarbage,
      ) as [Result, Result, Result];
      cases.push({ format: format.name, size, ours, feedPre, feedE2e });
    }
  }

  console.log(
    `Node ${process.version} (${process.arch}); corpus: ${articles.length} articles with 4–10 KB bodies, seeded; median of ≥${MIN_SAMPLE_MS} ms of renders per side, taking turns.`,
  );
  console.log(
    'Time to bytes ready to send (ours: render to UTF-8; feed: rss2()/atom1()/json1() + TextEncoder.encode, items built ' +
      'beforehand "pre" or timed too "e2e"); KB, MB/s of each side\'s own output; ratio = ours MB/s ÷ feed MB/s.',
  );
  console.log(
    `\n${'format'.padEnd(9)} ${pad('items', 5)} | ${pad('ours KB', 7)} ${pad('ms', 7)} ${pad('MB/s', 5)} |` +
      ` ${pad('feed KB', 7)} ${pad('pre ms', 7)} ${pad('MB/s', 5)} ${pad('ratio', 6)} | ${pad('e2e ms', 7)} ${pad('MB/s', 5)} ${pad('ratio', 6)}`,
  );
  console.log('-'.repeat(95));
  for (const c of cases) {
    console.log(
      `${c.format.padEnd(9)} ${pad(c.size, 5)} | ${pad((c.ours.bytes / 1024).toFixed(0), 7)} ${ms(c.ours.medianMs)} ${rate(c.ours.mbPerSecond)} |` +
        ` ${pad((c.feedPre.bytes / 1024).toFixed(0), 7)} ${ms(c.feedPre.medianMs)} ${rate(c.feedPre.mbPerSecond)} ${ratio(c.ours, c.feedPre)}` +
        ` | ${ms(c.feedE2e.medianMs)} ${rate(c.feedE2e.mbPerSecond)} ${ratio(c.ours, c.feedE2e)}`,
    );
  }

  console.log(
    '\nLinear in output size: MB/s at each corpus size (max/min near 1 = time grows in proportion to output bytes).',
  );
  console.log(`${'format'.padEnd(20)} ${SIZES.map((s) => pad(s, 6)).join(' ')}   max/min`);
  for (const format of FORMATS) {
    for (const side of ['ours', 'feedPre'] as const) {
      const values = cases.filter((c) => c.format === format.name).map((c) => c[side].mbPerSecond);
      const name = `${format.name} ${side === 'ours' ? 'ours' : 'feed pre'}`;
      console.log(
        `${name.padEnd(20)} ${values.map((v) => pad(v.toFixed(0), 6)).join(' ')}   ${(Math.max(...values) / Math.min(...values)).toFixed(2)}`,
      );
    }
  }
  if (sink === 0.5) console.log(''); // keeps the reads of the output observable
  return cases;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
