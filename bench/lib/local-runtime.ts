/**
 * Workers served by workerd through miniflare directly, each on its own loopback port, with no
 * `wrangler dev` proxy in front (its proxy and request logging cap throughput far below the runtime).
 *
 * The miniflare used is the one wrangler itself depends on, so the runtime, and the option shape that
 * `unstable_getMiniflareWorkerOptions` returns, are those of `wrangler dev`. (A bare `import 'miniflare'`
 * may resolve to another major version that a test tool hoisted, with a different options API.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { unstable_getMiniflareWorkerOptions } from 'wrangler';

/** Bindings, compatibility settings and the rest, as wrangler reads them from wrangler.toml. */
type WranglerWorkerOptions = ReturnType<typeof unstable_getMiniflareWorkerOptions>['workerOptions'];

export type WorkerOptions = WranglerWorkerOptions & {
  name: string;
  scriptPath?: string;
  script?: string;
  modules?: boolean;
  /** Module names are paths relative to this; a bundle outside the project needs its own folder here. */
  modulesRoot?: string;
};

export interface RuntimeOptions {
  workers: WorkerOptions[];
  kvPersist?: string;
  cachePersist?: string;
  /** Where the local D1 databases live (`<wrangler --persist-to>/v3/d1`). */
  d1Persist?: string;
  /** false: no request.cf fetched from the network. */
  cf?: boolean;
  logRequests?: boolean;
  handleRuntimeStdio?: (stdout: Readable, stderr: Readable) => void;
}

/** The part of miniflare's `Miniflare` class used here. */
export interface LocalRuntime {
  readonly ready: Promise<URL>;
  setOptions(options: RuntimeOptions): Promise<void>;
  unsafeGetDirectURL(workerName?: string): Promise<URL>;
  getQueueProducer<Body = unknown>(bindingName: string, workerName?: string): Promise<Queue<Body>>;
  getKVNamespace(bindingName: string, workerName?: string): Promise<KVNamespace>;
  dispose(): Promise<void>;
}

type MiniflareModule = { Miniflare: new (options: RuntimeOptions) => LocalRuntime };

/** Loads the miniflare that wrangler resolves, whatever npm hoisted to the top of node_modules. */
export function loadWranglersMiniflare(): MiniflareModule {
  const fromHere = createRequire(import.meta.url);
  const fromWrangler = createRequire(fromHere.resolve('wrangler/package.json'));
  return fromWrangler('miniflare') as MiniflareModule;
}

/** A loopback socket of its own for one worker; port 0 lets the OS choose (read it with `unsafeGetDirectURL`). */
export const loopback = (port = 0) => [{ host: '127.0.0.1', port }];

/** The `stat` lines of the workerd processes this process started, split after `comm`; throws without /proc. */
function childWorkerdStats(): { pid: number; fields: string[] }[] {
  const found: { pid: number; fields: string[] }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
    } catch {
      continue;
    }
    // proc(5): "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (comm === 'workerd' && Number(fields[1]) === process.pid) found.push({ pid: Number(entry), fields });
  }
  return found;
}

/**
 * CPU seconds (user + system) used so far by the workerd processes this process started, read from
 * /proc; null where there is no /proc (the benchmark then prints no runtime CPU figures).
 */
export function childWorkerdCpuSeconds(): number | null {
  let stats: { fields: string[] }[];
  try {
    stats = childWorkerdStats();
  } catch {
    return null;
  }
  if (stats.length === 0) return null;
  // utime and stime are fields 14 and 15 of the line, in clock ticks (USER_HZ, 100 on Linux).
  return stats.reduce((total, { fields }) => total + (Number(fields[11]) + Number(fields[12])) / 100, 0);
}

/**
 * CPU time in nanoseconds used so far by every thread of the workerd processes this process started, from each
 * thread's `schedstat` (the scheduler's own account, to the nanosecond; `stat` counts 10 ms ticks, too coarse for one
 * request). Null without /proc or schedstats. Find the pids once (`workerdThreadsCpu()`), then call the reader as often
 * as needed: it reads only those files.
 */
export function workerdThreadsCpu(): (() => number) | null {
  let pids: number[];
  try {
    pids = childWorkerdStats().map((s) => s.pid);
  } catch {
    return null;
  }
  if (pids.length === 0) return null;
  const read = () => {
    let total = 0;
    for (const pid of pids) {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        } catch {
          // a thread that ended between the listing and the read
        }
      }
    }
    return total;
  };
  try {
    return Number.isFinite(read()) ? read : null;
  } catch {
    return null;
  }
}
