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
  /** No article parsed by the isolate before (a fresh cache of parsed articles for every request). */
  cold: CpuSpread;
  /** Every article parsed by the isolate before, as the requests before it had them. */
  warm: CpuSpread;
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
 * time is not: the head index parsed, the N records parsed (JSON.parse + zod) or found parsed already, the taxonomy
 * snapshot parsed (a fresh store each time, as on a miss after the isolate's copy expired), rendered, ETag. Each size
 * is measured cold (no article parsed by the isolate before) and warm (all of them parsed by earlier requests).
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
      const [cold, warm] = await sample(`/miss?limit=${items}&cold=1`, `/miss?limit=${items}`);
      const outputBytes = Number(await send(`/miss?limit=${items}&size=1`));
      sizes.push({ items, cold: spread(cold!), warm: spread(warm!), outputBytes });
    }
    return { emptyMs: empty, sizes };
  } finally {
    agent.destroy();
    await runtime.dispose();
  }
}
