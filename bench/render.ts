/**
 * `npx tsx bench/render.ts`: our RSS, Atom and JSON Feed renderers against the npm `feed` package (v6) on the same
 * full-content corpora of 20, 50, 200 and 1000 articles, timed to what the worker pays: the bytes ready to send.
 * Prints, per format and size, the spread (min–median–max) over several runs, each in a fresh process; asserts
 * nothing. bench/README.md describes the method and why a single run, or wall-clock time, misleads.
 *
 * Both sides produce documents with the same items, content (the body as stored: sanitized, with every URL made
 * absolute, when it was published), authors, categories and lead image (as an enclosure). Ours return the UTF-8
 * bytes; `feed` returns a string, which a worker must encode too, so its time includes `TextEncoder.encode` of that
 * string. `feed` is timed two ways:
 *   - "feed, pre": handed Items built beforehand, outside the timed region (only building the Feed object, every
 *     addItem, the serializer and the encoding are timed) — the comparison most favourable to `feed`, and the
 *     headline ratio;
 *   - "feed, e2e": from the same Article records as ours, mapping them to Items inside the timed region, as ours does.
 *
 * Environment: RENDER_RUNS (default 5) runs; RENDER_FORMATS (e.g. "rss,json") and RENDER_SIZES (e.g. "50,1000")
 * narrow the cases while working on one renderer.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

const ALL_SIZES = [20, 50, 200, 1000];
const SIZES = process.env.RENDER_SIZES?.split(',').map(Number) ?? ALL_SIZES;
const RUNS = Number(process.env.RENDER_RUNS ?? 5);
/** Per side and case, in ms of CPU time. */
const MIN_SAMPLE_MS = 150;
const MIN_SAMPLES = 5;
const BLOCK_MS = 30;
/** Per renderer: before the first case, and again before each case. */
const WARM_UP_MS = 100;
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
export function corpus(): Article[] {
  return JSON.parse(JSON.stringify(Array.from({ length: Math.max(...ALL_SIZES) }, (_, n) => article(n)))) as Article[];
}

export const META: FeedMeta = {
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

// Timing

interface Result {
  bytes: number;
  /** Median CPU time of one render, ms. */
  ms: number;
  mbPerSecond: number;
}

const encoder = new TextEncoder();
let sink = 0;

/** CPU time this process has used, user and system, in ms: what a render costs, whatever else the machine runs. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Times several renderers on one case: a warm-up, then turns in blocks of about BLOCK_MS of CPU until each has had at
 * least MIN_SAMPLE_MS of single renders and MIN_SAMPLES of them; the median of those. Taking turns gives each side the
 * same machine state. Collections come when the heap asks for them, so each renderer pays for its own garbage.
 */
function measure(renders: readonly (() => Uint8Array)[]): Result[] {
  const bytes = renders.map((render) => render().length);
  for (const render of renders) {
    const warmUntil = cpuMs() + WARM_UP_MS;
    while (cpuMs() < warmUntil) sink += render().length;
  }
  const samples = renders.map((): number[] => []);
  const spent = renders.map(() => 0);
  const done = (k: number) => (samples[k]?.length ?? 0) >= MIN_SAMPLES && (spent[k] ?? 0) >= MIN_SAMPLE_MS;
  while (!renders.every((_, k) => done(k))) {
    renders.forEach((render, k) => {
      if (done(k)) return;
      const block = cpuMs();
      let t1: number;
      do {
        const t0 = cpuMs();
        const output = render();
        t1 = cpuMs();
        sink += output[output.length >> 1] ?? 0;
        samples[k]?.push(t1 - t0);
        spent[k] = (spent[k] ?? 0) + (t1 - t0);
      } while (t1 - block < BLOCK_MS);
    });
  }
  return samples.map((list, k) => {
    const ms = median(list);
    const size = bytes[k] ?? 0;
    return { bytes: size, ms, mbPerSecond: size / 1e6 / (ms / 1e3) };
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
}

const FORMATS = [
  { name: 'RSS 2.0', key: 'rss', ours: renderRss, theirs: 'rss2' },
  { name: 'Atom 1.0', key: 'atom', ours: renderAtom, theirs: 'atom1' },
  { name: 'JSON Feed', key: 'json', ours: renderJsonFeed, theirs: 'json1' },
] as const;
const chosen = process.env.RENDER_FORMATS?.split(',');
const formats = FORMATS.filter((f) => chosen === undefined || chosen.includes(f.key));

/** One case of one run. */
export interface Case {
  format: string;
  size: number;
  ours: Result;
  feedPre: Result;
  feedE2e: Result;
}

/** Every case once, in this process. */
function runOnce(): Case[] {
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  // Stored articles: sanitized at publish, as the worker reads them.
  const articles = corpus().map(cleanArticle);

  /*
   * Every render, ours and feed's, ends in a fresh buffer the size of its output: ours the copy handed to the caller,
   * feed's the one TextEncoder.encode returns. glibc gives memory back to the kernel once the free memory at the top
   * of its heap exceeds twice the largest block it has freed so far, and each fresh page then costs a page fault
   * (about 2.5 ms per MB on this kind of VM). Whether a case paid that depended on its output size and on when
   * collections freed the previous outputs. Freeing one 30 MB block first raises the thresholds to where a
   * long-running server process has them, for both sides alike.
   */
  let large: Uint8Array | undefined = new Uint8Array(30 * 1024 * 1024);
  sink += large.length;
  large = undefined;
  collectGarbage();

  // Before any clock runs, render every case once and each renderer for a while: otherwise the first cases time the JIT.
  for (const format of formats) {
    for (const size of [...SIZES].reverse()) {
      const slice = articles.slice(0, size);
      sink +=
        format.ours(META, slice).length + encoder.encode(renderWithFeed(toFeedItems(slice), format.theirs)).length;
    }
    const slice = articles.slice(0, 50);
    const items = toFeedItems(slice);
    for (const render of [() => format.ours(META, slice), () => encoder.encode(renderWithFeed(items, format.theirs))]) {
      const until = cpuMs() + WARM_UP_MS;
      while (cpuMs() < until) sink += render().length;
    }
  }

  const cases: Case[] = [];
  for (const format of formats) {
    for (const size of SIZES) {
      const slice = articles.slice(0, size);
      const items = toFeedItems(slice);
      collectGarbage();
      const [ours, feedPre, feedE2e] = measure([
        () => format.ours(META, slice),
        () => encoder.encode(renderWithFeed(items, format.theirs)),
        () => encoder.encode(renderWithFeed(toFeedItems(slice), format.theirs)),
      ]) as [Result, Result, Result];
      cases.push({ format: format.name, size, ours, feedPre, feedE2e });
    }
  }
  if (sink === 0.5) console.error(''); // keeps the reads of the output observable
  return cases;
}

// ---------------------------------------------------------------------------------------------------------------
// Runs and report

const pad = (value: string | number, width: number) => String(value).padStart(width);

/** "min–median–max" of a list of figures. */
function spread(values: readonly number[], digits: number, unit = ''): string {
  const sorted = [...values].sort((a, b) => a - b);
  const show = (v: number | undefined) => (v ?? Number.NaN).toFixed(digits);
  return `${show(sorted[0])}–${show(sorted[sorted.length >> 1])}–${show(sorted.at(-1))}${unit}`;
}

/**
 * Runs the cases RUNS times, each in a fresh Node process (its own heap, allocator and JIT state), and prints the
 * spread over the runs: one run cannot mislead. Returns the cases of every run.
 */
export function main(runs = RUNS): Case[][] {
  const results: Case[][] = [];
  for (let run = 0; run < runs; run++) {
    const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ONE_RUN], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    results.push(JSON.parse(output) as Case[]);
  }

  console.log(
    `Node ${process.version} (${process.arch}); corpus: ${Math.max(...ALL_SIZES)} articles with 4–10 KB bodies, seeded; ` +
      `${runs} runs, each a fresh process; per run and side, the median CPU time of ≥${MIN_SAMPLES} renders ` +
      `(≥${MIN_SAMPLE_MS} ms of CPU), sides taking turns.`,
  );
  console.log(
    'Time to bytes ready to send. ours: render to UTF-8. feed: rss2()/atom1()/json1() + TextEncoder.encode, from Items ' +
      'made beforehand ("pre") or made from the same Article records, inside the timed region ' +
      '("e2e", as ours). MB/s of each side\'s own output; ratio = ours MB/s ÷ feed MB/s in the same run. ' +
      'Figures: min–median–max over the runs.',
  );
  console.log(
    `\n${'format'.padEnd(9)} ${pad('items', 5)} ${pad('KB', 6)} | ${pad('ours MB/s', 13)} | ${pad('feed pre MB/s', 13)} ` +
      `${pad('ratio pre', 16)} | ${pad('feed e2e MB/s', 13)} ${pad('ratio e2e', 16)}`,
  );
  console.log('-'.repeat(110));
  const first = results[0] ?? [];
  for (const [i, c] of first.entries()) {
    const across = results.map((run) => run[i] as Case);
    const rate = (side: 'ours' | 'feedPre' | 'feedE2e') =>
      spread(
        across.map((r) => r[side].mbPerSecond),
        0,
      );
    const ratio = (side: 'feedPre' | 'feedE2e') =>
      spread(
        across.map((r) => r.ours.mbPerSecond / r[side].mbPerSecond),
        1,
        '×',
      );
    console.log(
      `${c.format.padEnd(9)} ${pad(c.size, 5)} ${pad((c.ours.bytes / 1024).toFixed(0), 6)} | ${pad(rate('ours'), 13)} |` +
        ` ${pad(rate('feedPre'), 13)} ${pad(ratio('feedPre'), 16)} | ${pad(rate('feedE2e'), 13)} ${pad(ratio('feedE2e'), 16)}`,
    );
  }
  return results;
}

const ONE_RUN = '--one-run';

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes(ONE_RUN)) process.stdout.write(JSON.stringify(runOnce()));
  else main();
}
