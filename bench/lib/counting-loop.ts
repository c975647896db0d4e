import { writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { dirname, join } from 'node:path';
import { send } from './http-client';
import { percentile } from './load';
import { workerdThreadsCpu } from './local-runtime';

const LOOP_PATH = '/__counting-loop';

/** The request header that chooses counting on or off for one request to the loop worker. */
export const COUNTING_HEADER = 'x-bench-counting';

/**
 * An entry module beside the built bundle: the worker as deployed, with counting on or off per request
 * (COUNTING_HEADER, else as configured), the same isolate, bindings and cache otherwise (each env object made once
 * per isolate, as the runtime's is). Two workers of one bundle differ by more than counting: their isolates' CPU per
 * request was seen to differ by ±15 % with counting off in both. LOOP_PATH also runs `polls` polls of one feed through
 * the worker's own fetch inside one request, so that what counting adds per poll is the difference between two such
 * requests divided by `polls`, with HTTP, the socket and the client spread over thousands of polls.
 */
function loopModule(userAgent: string): string {
  return `import worker from './index.js';
const envs = new Map();
function envFor(env, counting) {
  let chosen = envs.get(counting);
  if (!chosen) envs.set(counting, (chosen = { ...env, ANALYTICS_COUNTING: counting }));
  return chosen;
}
export default {
  ...worker,
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== ${JSON.stringify(LOOP_PATH)}) {
      const counting = request.headers.get(${JSON.stringify(COUNTING_HEADER)});
      return worker.fetch(request, counting === 'on' || counting === 'off' ? envFor(env, counting) : env, ctx);
    }
    const loopEnv = envFor(env, url.searchParams.get('counting') === 'on' ? 'on' : 'off');
    const feed = new URL(url.searchParams.get('feed'), url.origin).href;
    const headers = { 'user-agent': ${JSON.stringify(userAgent)}, 'cf-connecting-ip': '192.0.2.1' };
    let bad = 0;
    for (let i = Number(url.searchParams.get('polls')); i > 0; i--) {
      const answer = await worker.fetch(new Request(feed, { headers }), loopEnv, ctx);
      if (answer.status !== 200) bad++;
      await answer.body?.cancel();
    }
    return new Response(String(bad));
  },
};
`;
}

/** Writes the loop's entry module beside the bundle's and answers its path (scriptPath of a worker option). */
export async function writeCountingLoopEntry(bundleScriptPath: string, userAgent: string): Promise<string> {
  const entry = join(dirname(bundleScriptPath), 'counting-loop.mjs');
  await writeFile(entry, loopModule(userAgent));
  return entry;
}

export interface CountingCost {
  /** Median workerd CPU per poll inside the loop, counting off and on, in ms. */
  offMs: number;
  onMs: number;
  /** Per pair (on − off) / polls, sorted, in ms. */
  addedMs: number[];
  polls: number;
}

/**
 * Alternating loop requests, counting off then on (order swapped every pair), one at a time over a kept-alive
 * connection; each request's CPU is the growth of every workerd thread's scheduler time across it. The batch write
 * that counting schedules (ANALYTICS_FLUSH_MS later) lands inside whichever request is running then: the median
 * leaves it out, and bench/http.ts measures it apart (the idle-to-idle blocks).
 */
export async function countingCostInWorkerd(
  origin: string,
  feedPath: string,
  options: { pairs: number; polls: number },
): Promise<CountingCost | null> {
  const cpuNs = workerdThreadsCpu();
  if (cpuNs === null) return null;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const loop = async (counting: 'on' | 'off') => {
      const query = new URLSearchParams({ counting, polls: String(options.polls), feed: feedPath });
      const before = cpuNs();
      const answer = await send(`${origin}${LOOP_PATH}?${query}`, { agent });
      const ms = (cpuNs() - before) / 1e6 / options.polls;
      if (answer.status !== 200 || answer.body.toString() !== '0')
        throw new Error(`counting loop: ${answer.status} ${answer.body.toString().slice(0, 200)}`);
      return ms;
    };
    await loop('off');
    await loop('on');
    const on: number[] = [];
    const off: number[] = [];
    const added: number[] = [];
    for (let pair = 0; pair < options.pairs; pair++) {
      const first = pair % 2 === 0 ? 'off' : 'on';
      const a = await loop(first);
      const b = await loop(first === 'off' ? 'on' : 'off');
      const [offMs, onMs] = first === 'off' ? [a, b] : [b, a];
      off.push(offMs);
      on.push(onMs);
      added.push(onMs - offMs);
    }
    const median = (values: number[]) =>
      percentile(
        [...values].sort((x, y) => x - y),
        0.5,
      );
    return { offMs: median(off), onMs: median(on), addedMs: added.sort((x, y) => x - y), polls: options.polls };
  } finally {
    agent.destroy();
  }
}
