import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Article } from '../../src/schema/article';
import { send as sendRequest } from './http-client';
import { percentile } from './load';
import { loadWranglersMiniflare, loopback, workerdThreadsCpu } from './local-runtime';

export interface CpuSpread {
  /** Median CPU time of one request's own work, in ms. */
  medianMs: number;
  p90Ms: number;
  iterations: number;
}

export interface RenderCost {
  items: number;
  /** From the items rendered at publish, as every miss is once they are stored (src/feeds/item-fragments.ts). */
  fromItems: CpuSpread;
  /** Every record read and rendered, none parsed by the isolate before: a miss while items are missing or outdated. */
  recordsCold: CpuSpread;
  /** Every record read and rendered, all parsed by the isolate before (src/storage/parsed-articles.ts). */
  recordsWarm: CpuSpread;
  outputBytes: number;
}

export interface MissCosts {
  /** Median workerd CPU of an empty request to the same worker, in ms: subtracted from every sample. */
  emptyMs: number;
  sizes: RenderCost[];
}

const MIN_ITERATIONS = 200;
const MIN_SAMPLE_MS = 1500;
const WARM_UP = 30;

/** bench/lib/miss-worker.ts bundled as the deploy bundle is (ES module, workerd's package conditions, minified). */
async function missWorkerScript(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./miss-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    minify: true,
    // The runtime's own modules (node:crypto, under nodejs_compat), as wrangler leaves them.
    external: ['node:*'],
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

/**
 * What an uncached feed request computes once KV has answered, measured in workerd itself: produceFeed on a namespace
 * held in the worker's memory (bench/lib/miss-worker.ts), so every step of the worker's path is measured and KV's own
 * time is not (but making strings of the values it sends is): the head index and the taxonomy snapshot parsed (a fresh
 * store each time, as on a miss after the isolate's copy expired), then the N items rendered at publish written out,
 * or the N records parsed (JSON.parse + zod) or found parsed already and rendered, and the ETag. Each size is measured
 * three ways in turn: from items, from records none of which the isolate parsed before, and from records all parsed.
 *
 * One request at a time over a kept-alive connection; each one's CPU is the growth of every workerd thread's
 * scheduler time (schedstat, in ns) across it, so the isolate's garbage collection is counted where it happens, and
 * this process's own work (the client) is not. The median of an empty request to the same worker (accepting it,
 * routing, answering) is subtracted. Null where /proc has no schedstats.
 */
export async function missCostInWorkerd(options: {
  compatibilityDate?: string;
  compatibilityFlags?: string[];
  site: unknown;
  snapshotText: string;
  corpus: readonly Article[];
  sizes: readonly number[];
}): Promise<MissCosts | null> {
  const { Miniflare } = loadWranglersMiniflare();
  const runtime = new Miniflare({
    workers: [
      {
        name: 'miss',
        modules: true,
        script: await missWorkerScript(),
        compatibilityDate: options.compatibilityDate,
        compatibilityFlags: options.compatibilityFlags,
        unsafeDirectSockets: loopback(),
      },
    ],
    cf: false,
    logRequests: false,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const origin = (await runtime.unsafeGetDirectURL('miss')).origin;
    const send = async (path: string, method = 'GET', body?: string) => {
      const answer = await sendRequest(`${origin}${path}`, { method, body, agent });
      const text = answer.body.toString();
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${text}`);
      return text;
    };
    const seed = { site: options.site, snapshot: options.snapshotText, articles: options.corpus };
    await send('/seed', 'POST', JSON.stringify(seed));
    const cpuNs = workerdThreadsCpu();
    if (cpuNs === null) return null;

    /**
     * Requests to `paths` in turn, one at a time, until each has MIN_ITERATIONS samples and MIN_SAMPLE_MS of CPU: the
     * runtime's garbage collections (including what seeding left) fall on every path alike instead of on whichever
     * is measured first.
     */
    const sample = async (...paths: string[]) => {
      for (let i = 0; i < WARM_UP; i++) for (const path of paths) await send(path);
      const samples = paths.map(() => [] as number[]);
      const spent = paths.map(() => 0);
      while (samples.some((s, i) => s.length < MIN_ITERATIONS || spent[i]! < MIN_SAMPLE_MS)) {
        for (const [i, path] of paths.entries()) {
          const before = cpuNs();
          await send(path);
          const ms = (cpuNs() - before) / 1e6;
          samples[i]!.push(ms);
          spent[i]! += ms;
        }
      }
      return samples.map((s) => s.sort((a, b) => a - b));
    };
    const [emptySamples] = await sample('/empty');
    const empty = percentile(emptySamples!, 0.5);
    const sizes: RenderCost[] = [];
    const spread = (sorted: number[]): CpuSpread => {
      const own = sorted.map((ms) => Math.max(0, ms - empty));
      return { medianMs: percentile(own, 0.5), p90Ms: percentile(own, 0.9), iterations: own.length };
    };
    for (const items of options.sizes) {
      const [fromItems, recordsCold, recordsWarm] = await sample(
        `/miss?limit=${items}&cold=1`,
        `/miss?limit=${items}&cold=1&records=1`,
        `/miss?limit=${items}&records=1`,
      );
      const outputBytes = Number(await send(`/miss?limit=${items}&size=1`));
      if (Number(await send(`/miss?limit=${items}&size=1&records=1`)) !== outputBytes)
        throw new Error(`${items} items: the document from items differs in size from the one from records`);
      sizes.push({
        items,
        fromItems: spread(fromItems!),
        recordsCold: spread(recordsCold!),
        recordsWarm: spread(recordsWarm!),
        outputBytes,
      });
    }
    return { emptyMs: empty, sizes };
  } finally {
    agent.destroy();
    await runtime.dispose();
  }
}
