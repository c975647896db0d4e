import { produceFeed } from '../../src/feeds/feed-response';
import type { Article } from '../../src/schema/article';
import { ALL } from '../../src/schema/scope';
import type { Site } from '../../src/schema/site';
import { KvContentStore } from '../../src/storage/content-store';
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
 * against a namespace held in memory, so every step of the worker's path is measured and KV's own time is not: the
 * head index parsed, the N records parsed (JSON.parse + zod), rendered, ETag. The taxonomy snapshot is read on every
 * request (a fresh store each time), as on a miss after the isolate's copy expired.
 */
export async function uncachedRequestCost(
  site: Site,
  snapshotText: string,
  corpus: readonly Article[],
  items: number,
): Promise<RenderCost> {
  const kv = new MemoryKv();
  await kv.put(SNAPSHOT_KEY, snapshotText);
  const binding = kv.asNamespace();
  const publisher = new KvContentStore(binding);
  for (const article of corpus.slice(0, items + 10)) await publisher.publish(article);
  const url = new URL(`${site.url}/feeds/all.rss?limit=${items}`);
  const once = () =>
    produceFeed({ content: new KvContentStore(binding, {}), site, url }, { scope: ALL, format: 'rss', limit: items });

  let outputBytes = 0;
  for (let i = 0; i < 30; i++) outputBytes = (await (await once()).arrayBuffer()).byteLength;

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
    await (await once()).arrayBuffer();
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
