import { createRequire } from 'node:module';
import autocannon, { type Request } from 'autocannon';
import { childWorkerdCpuSeconds } from './local-runtime';

/**
 * autocannon 8 decodes every response body and appends it to a string (`PipelinedRequestsQueue#addBody`)
 * in case a body check or `onResponse` wants it. None is used here, and for a 380 KB feed that work cost
 * the client more CPU than workerd spent serving the response: the load generator, not the runtime, set
 * the pace (and the ratios read ~1). The bodies are still received and counted; they are not kept.
 */
function dropResponseBodies(): void {
  const queue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as {
    prototype: Record<string, unknown>;
  };
  if (typeof queue.prototype.addBody !== 'function')
    throw new Error('autocannon changed: PipelinedRequestsQueue#addBody is gone; revisit bench/lib/load.ts');
  queue.prototype.addBody = function addBody() {};
}
dropResponseBodies();

export interface LoadCase {
  url: string;
  /** The status every answer should have; anything else (and every socket error) is counted as bad. */
  expect: number;
  method?: string;
  headers?: Record<string, string>;
  /** Varies each request (autocannon's `requests` with `setupRequest`). */
  requests?: Request[];
}

export interface LoadResult {
  responses: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers with another status than expected (settling included), plus socket errors and timeouts (autocannon's `reqError`). */
  bad: number;
  statuses: Record<string, number>;
  /** CPU of the workerd process per answer in the windows (worker, KV and cache simulators, queue); null without /proc. */
  workerdCpuMsPerRequest: number | null;
  /** Share of one core used by workerd and by this process (the load generator) in the windows. */
  workerdCpuShare: number | null;
  clientCpuShare: number;
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const options = (c: LoadCase, connections: number, seconds: number) => ({
  url: c.url,
  connections,
  duration: seconds,
  timeout: 10,
  ...(c.method ? { method: c.method } : {}),
  ...(c.headers ? { headers: c.headers } : {}),
  ...(c.requests ? { requests: c.requests } : {}),
});

/**
 * Waits until workerd has finished what earlier runs left it: autocannon stops at its deadline with up
 * to one request per connection still in flight, and workerd completes those (for the uncached feed,
 * over half a second of CPU) inside the next run's window unless this waits. Without /proc, waits 1 s.
 */
export async function waitUntilIdle(maxMs = 15_000): Promise<void> {
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const deadline = performance.now() + maxMs;
  let before = childWorkerdCpuSeconds();
  if (before === null) return sleep(1000);
  while (performance.now() < deadline) {
    await sleep(200);
    const now: number = childWorkerdCpuSeconds() ?? before;
    // At most one clock tick (10 ms) in 200 ms: idle but for the runtime's own timers.
    if (now - before <= 0.011) return;
    before = now;
  }
}

/**
 * Load that is not measured: lets the isolate, its caches and the connections settle. Returns the p99
 * latency it saw, in seconds, to size the settling time of the measured runs.
 */
export async function warmUp(c: LoadCase, connections: number, seconds: number): Promise<number> {
  if (seconds <= 0) return 0;
  const result = await autocannon(options(c, connections, seconds));
  return result.latency.p99 / 1000;
}

/**
 * Measurements of one case, accumulated over one or more autocannon runs.
 *
 * Each run settles first and then counts only the answers that complete inside a fixed window while
 * the load goes on: a run that counted from its first request would charge the ramp-up (32 requests
 * started at once) to throughput, and one that counted to its last would lose the requests in flight
 * when it stops; for the uncached feed, whose answers take most of a second under load, either error
 * is tens of percent. Latencies come from autocannon's per-response event (its own histogram keeps
 * whole milliseconds), for every answer in the window whatever its status.
 */
export class LoadSamples {
  /** Each run's own figures, for the spread over runs. */
  readonly runs: { requestsPerSecond: number; workerdCpuMsPerRequest: number | null }[] = [];
  private readonly latencies: number[] = [];
  private readonly statuses: Record<string, number> = {};
  private errors = 0;
  private seconds = 0;
  private workerdCpu: number | null = 0;
  private clientCpu = 0;

  constructor(readonly load: LoadCase) {}

  /** Drives the case for `settleSeconds`, then counts what completes in the next `windowSeconds`. */
  async run(connections: number, settleSeconds: number, windowSeconds: number): Promise<void> {
    await waitUntilIdle();
    let measuring: { t0: number; workerd0: number | null; client0: NodeJS.CpuUsage } | null = null;
    let closed: { seconds: number; workerd: number | null; client: number } | null = null;
    let answers = 0;
    const instance = autocannon(options(this.load, connections, settleSeconds + windowSeconds + 0.5));
    instance.on('response', (_client, status, _bytes, ms) => {
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      if (measuring !== null && closed === null) {
        this.latencies.push(ms);
        answers++;
      }
    });
    instance.on('reqError', () => this.errors++);
    const open = setTimeout(() => {
      measuring = { t0: performance.now(), workerd0: childWorkerdCpuSeconds(), client0: process.cpuUsage() };
    }, settleSeconds * 1000);
    const close = setTimeout(
      () => {
        if (measuring === null) return;
        const workerd1 = childWorkerdCpuSeconds();
        const client = process.cpuUsage(measuring.client0);
        closed = {
          seconds: (performance.now() - measuring.t0) / 1000,
          workerd: workerd1 !== null && measuring.workerd0 !== null ? workerd1 - measuring.workerd0 : null,
          client: (client.user + client.system) / 1e6,
        };
      },
      (settleSeconds + windowSeconds) * 1000,
    );
    await instance;
    clearTimeout(open);
    clearTimeout(close);
    const result = closed as { seconds: number; workerd: number | null; client: number } | null;
    if (result === null) throw new Error(`${this.load.url}: the load stopped before its measuring window closed`);
    this.runs.push({
      requestsPerSecond: answers / result.seconds,
      workerdCpuMsPerRequest: result.workerd !== null && answers > 0 ? (result.workerd * 1000) / answers : null,
    });
    this.seconds += result.seconds;
    this.workerdCpu = this.workerdCpu !== null && result.workerd !== null ? this.workerdCpu + result.workerd : null;
    this.clientCpu += result.client;
  }

  result(): LoadResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const responses = sorted.length;
    return {
      responses,
      seconds: this.seconds,
      requestsPerSecond: responses / this.seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      bad:
        Object.entries(this.statuses).reduce(
          (n, [status, count]) => (status === String(this.load.expect) ? n : n + count),
          0,
        ) + this.errors,
      statuses: { ...this.statuses, ...(this.errors > 0 ? { 'socket errors': this.errors } : {}) },
      workerdCpuMsPerRequest: this.workerdCpu !== null && responses > 0 ? (this.workerdCpu * 1000) / responses : null,
      workerdCpuShare: this.workerdCpu !== null ? this.workerdCpu / this.seconds : null,
      clientCpuShare: this.clientCpu / this.seconds,
    };
  }
}

/**
 * workerd CPU per request including everything the requests set off after their answers (waitUntil
 * work, queued mail): `amount` requests that all complete, from an idle runtime until it is idle again.
 * Null without /proc.
 */
export async function cpuPerRequestIdleToIdle(
  c: LoadCase,
  connections: number,
  amount: number,
  maxDrainMs = 60_000,
  /** Work the runtime defers on a timer (a batch written after a delay): waited for before the drain. */
  deferredMs = 0,
): Promise<{ ms: number | null; bad: number }> {
  await waitUntilIdle();
  const before = childWorkerdCpuSeconds();
  let answered = 0;
  let bad = 0;
  const instance = autocannon({ ...options(c, Math.min(connections, amount), 0), amount });
  instance.on('response', (_client, status) => {
    answered++;
    if (status !== c.expect) bad++;
  });
  instance.on('reqError', () => bad++);
  await instance;
  if (deferredMs > 0) await new Promise((r) => setTimeout(r, deferredMs));
  await waitUntilIdle(maxDrainMs);
  const after = childWorkerdCpuSeconds();
  return { ms: before !== null && after !== null && answered > 0 ? ((after - before) * 1000) / answered : null, bad };
}
