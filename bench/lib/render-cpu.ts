import { feedMeta } from '../../src/feeds/feed-meta';
import { FORMATS } from '../../src/feeds/formats';
import { contentEtag, PUBLIC_FRESHNESS } from '../../src/http/representation';
import { Article } from '../../src/schema/article';
import type { Site } from '../../src/schema/site';
import { ALL, articleKey } from '../../src/storage/keys';
import { encodeCursor } from '../../src/storage/page-reader';
import { parseRecord } from '../../src/storage/records';
import { parseSnapshot } from '../../src/storage/taxonomy-snapshot';
import { percentile } from './load';

export interface RenderCost {
  items: number;
  /** Median wall time of one render on an otherwise idle process, in ms. */
  medianMs: number;
  p90Ms: number;
  iterations: number;
  outputBytes: number;
}

const MIN_ITERATIONS = 200;
const MIN_SAMPLE_MS = 1500;

/**
 * What an uncached feed request computes once KV has answered (src/feeds/feed-response.ts and
 * src/storage/page-reader.ts): parse the taxonomy snapshot and N stored article records (JSON.parse +
 * zod `Article`), build the feed metadata, render RSS, and hash the bytes for the ETag. Timed one
 * render at a time; the median is reported.
 */
export async function uncachedRenderCost(site: Site, snapshotText: string, corpus: readonly Article[], items: number): Promise<RenderCost> {
  const stored = corpus.slice(0, items).map((a) => [articleKey(a.id), JSON.stringify(a)] as const);
  const selfUrl = `${site.url}/feeds/all.rss?limit=${items}`;
  const nextUrl = `${selfUrl}&cursor=${encodeCursor('', items)}`;

  const once = async () => {
    const snapshot = parseSnapshot(snapshotText);
    const articles = stored.map(([key, text]) => parseRecord(Article, key, text)).filter((a): a is Article => a !== null);
    if (articles.length !== items) throw new Error(`only ${articles.length} of ${items} records passed validation`);
    const meta = feedMeta({ site, scope: ALL, snapshot, articles, selfUrl, nextUrl, ttlMinutes: PUBLIC_FRESHNESS.maxAge / 60 });
    const body = FORMATS.rss.render(meta, articles);
    await contentEtag(body);
    return body;
  };

  const first = await once();
  const outputBytes = typeof first === 'string' ? Buffer.byteLength(first) : first.byteLength;
  for (let i = 0; i < 30; i++) await once();

  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < MIN_ITERATIONS || performance.now() - start < MIN_SAMPLE_MS) {
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { items, medianMs: percentile(samples, 0.5), p90Ms: percentile(samples, 0.9), iterations: samples.length, outputBytes };
}
