import { produceFeed } from '../../src/feeds/feed-response';
import type { Article } from '../../src/schema/article';
import type { Site } from '../../src/schema/site';
import { ALL, pageEntriesPrefix } from '../../src/storage/keys';
import { applyPlan, planArticleWrite } from '../../src/storage/write-plan';
import { SNAPSHOT_KEY } from '../../src/storage/taxonomy-snapshot';
import { percentile } from './load';
import { MemoryKv } from './memory-kv';

export interface RenderCost {
  items: number;
  /** Median CPU time of one request's own work, in ms. */
  medianMs: number;
  p90Ms: number;
  iterations: number;
  outputBytes: number;
}

const MIN_ITERATIONS = 200;
const MIN_SAMPLE_MS = 1500;

/**
 * What an uncached feed request computes once KV has answered: src/feeds/feed-response.ts's produceFeed itself, run
 * against a namespace held in memory, so every step of the worker's path is measured and KV's own time is not.
 * `stored`: the first page comes from its stored page (decode, check against the listing, render the opening,
 * assemble, ETag). `rendered`: there is none, so the N records are parsed (JSON.parse + zod), rendered and digested.
 */
export async function uncachedRequestCost(
  site: Site,
  snapshotText: string,
  corpus: readonly Article[],
  items: number,
  path: 'stored' | 'rendered',
): Promise<RenderCost> {
  const kv = new MemoryKv();
  await kv.put(SNAPSHOT_KEY, snapshotText);
  for (const article of corpus.slice(0, items + 10))
    await applyPlan(kv.asNamespace(), planArticleWrite(article, { slugOwner: null, stored: null }).phases);
  if (path === 'rendered') kv.ignoredPrefixes.push(pageEntriesPrefix(ALL));
  const binding = kv.asNamespace();
  const url = new URL(`${site.url}/feeds/all.rss?limit=${items}`);
  const pending: Promise<unknown>[] = [];
  const once = async () => {
    const res = await produceFeed(
      { kv: binding, binding, site, url, waitUntil: (p) => pending.push(p) },
      { scope: ALL, format: 'rss', limit: items },
    );
    await Promise.all(pending.splice(0));
    const source = /feed;desc="(\w+)"/.exec(res.headers.get('server-timing') ?? '')?.[1];
    return { res, source };
  };

  let outputBytes = 0;
  for (let i = 0; i < 30; i++) outputBytes = (await (await once()).res.arrayBuffer()).byteLength;
  const check = await once();
  if (check.source !== path) throw new Error(`expected the ${path} path, got ${check.source}`);

  // CPU time of this process (all its threads: digests run on libuv's pool), not the wall clock: on a shared machine
  // a request is often descheduled part-way, and wall time would measure the neighbours.
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const samples: number[] = [];
  const start = cpuMs();
  while (samples.length < MIN_ITERATIONS || cpuMs() - start < MIN_SAMPLE_MS) {
    const t0 = cpuMs();
    await (await once()).res.arrayBuffer();
    samples.push(cpuMs() - t0);
  }
  samples.sort((a, b) => a - b);
  return {
    items,
    medianMs: percentile(samples, 0.5),
    p90Ms: percentile(samples, 0.9),
    iterations: samples.length,
    outputBytes,
  };
}
