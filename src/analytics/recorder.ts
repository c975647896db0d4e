import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { AnalyticsBatch, utcDay } from './batch';
import { clientHash } from './client-hash';
import { analyticsConfig, type AnalyticsConfig } from './config';
import { AnalyticsStore } from './store';
import { classifyUserAgent } from './user-agent';

/** A feed document: RSS, Atom or JSON Feed under /feeds/ (scope pages for people are not feeds). */
const FEED_PATH = /^\/feeds\/[a-z0-9/_.-]{1,200}\.(?:rss|atom|json)$/;
/** A widget shown on a page: its data fetched by the custom element, or its iframe. */
const WIDGET_LOADS = new Set(['/widget/latest.json', '/widget/frame']);
/** Body sizes by ETag, so a 304 knows what it saved and a cached 200 is measured once per isolate. */
const SIZE_MEMO_ENTRIES = 256;

let open: AnalyticsBatch | undefined;
const flushed = new WeakSet<AnalyticsBatch>();
const sizes = new Map<string, number>();

/**
 * Counts feed polls, subscribers and widget loads from the request and its final response. A poll is added to the
 * isolate's open batch as the response goes out, which costs microseconds (a memoised User-Agent classification, at
 * most one synchronous HMAC, a few map updates) and no promise; the batch is written to D1 in work deferred with
 * waitUntil, ANALYTICS_FLUSH_MS after it opened (or at once when it is full). Only a body of unknown size is measured
 * after the response, from a copy. A failing write loses that batch only, is logged, and never reaches a client; an
 * error while recording is caught here and logged. What counting costs is measured by `npm run bench:http`
 * ("Analytics"; docs/analytics.md).
 */
export function analytics(): MiddlewareHandler<AppEnv> {
  return async function analytics(c, next) {
    await next();
    try {
      count(c);
    } catch (error) {
      // Counting must never cost a reader the answer already made.
      console.error(JSON.stringify({ event: 'analytics.record_failed', error: String(error) }));
    }
  };
}

/** Adds the events of one answered request to the isolate's batch. */
function count(c: Context<AppEnv>): void {
  const path = c.req.path;
  const feed = FEED_PATH.test(path);
  if (!feed && !WIDGET_LOADS.has(path)) return;
  const { status } = c.res;
  if ((status !== 200 && status !== 304) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return;
  const cfg = countingConfig(c);
  if (!cfg) return;
  const at = Date.now();
  const day = utcDay(at);
  if (!feed) {
    const origin = partnerOrigin(c.req.header('origin'), c.req.header('referer'));
    record(c, cfg, (batch) => batch.addWidgetLoad(day, origin));
    return;
  }
  const poller = classifyUserAgent(c.req.header('user-agent'));
  const secret = cfg.ANALYTICS_SECRET ?? cfg.NEWSLETTER_SECRET;
  const client =
    poller.kind === 'client' && secret !== undefined
      ? clientHash(secret, day, c.req.header('cf-connecting-ip') ?? '', poller.reader)
      : undefined;
  const add = (bytes: number | undefined) => (batch: AnalyticsBatch) => {
    batch.addFeedHit({ day, path, status: status as 200 | 304, bytes });
    if (poller.kind === 'announced') batch.addAnnouncement({ day, path, at, ...poller });
    if (poller.kind === 'client' && client !== undefined) batch.addClient(day, path, poller.reader, client);
  };
  const bytes = c.req.method === 'HEAD' ? undefined : bodySize(c.res);
  if (!(bytes instanceof Promise)) {
    record(c, cfg, add(bytes));
    return;
  }
  executionContext(c)?.waitUntil(
    bytes.then(
      (size) => record(c, cfg, add(size)),
      (error: unknown) => console.error(JSON.stringify({ event: 'analytics.record_failed', error: String(error) })),
    ),
  );
}

/** Counts one accepted newsletter signup under its `source`; call where a signup is accepted. */
export function countSignup(c: Context<AppEnv>, source: string): void {
  const cfg = countingConfig(c);
  if (cfg) record(c, cfg, (batch) => batch.addSignup(utcDay(Date.now()), source));
}

function countingConfig(c: Context<AppEnv>): AnalyticsConfig | undefined {
  try {
    const cfg = analyticsConfig(c.env);
    return cfg.ANALYTICS_COUNTING === 'on' ? cfg : undefined;
  } catch {
    // Logged once per isolate by the config reader; the response goes out uncounted.
    return undefined;
  }
}

/** The request's execution context, or undefined where there is none (a bare app.request in a unit test). */
function executionContext(c: Context<AppEnv>): Context<AppEnv>['executionCtx'] | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/**
 * Adds events to the open batch, opening one (and scheduling its write after the response) when there is none.
 * Without an execution context nothing could be written after the response, so nothing is recorded.
 */
function record(c: Context<AppEnv>, cfg: AnalyticsConfig, add: (batch: AnalyticsBatch) => void): void {
  const ctx = executionContext(c);
  if (!ctx) return;
  let batch = open;
  if (!batch) {
    batch = open = new AnalyticsBatch();
    const scheduled = batch;
    ctx.waitUntil(
      new Promise((r) => setTimeout(r, cfg.ANALYTICS_FLUSH_MS)).then(() => flush(scheduled, cfg.ANALYTICS)),
    );
  }
  add(batch);
  if (batch.full) ctx.waitUntil(flush(batch, cfg.ANALYTICS));
}

/** Writes a batch once. A failure is logged with what was lost (counts only: never an address or a hash). */
async function flush(batch: AnalyticsBatch, db: D1Database): Promise<void> {
  if (open === batch) open = undefined;
  if (flushed.has(batch)) return;
  flushed.add(batch);
  try {
    await new AnalyticsStore(db).write(batch);
  } catch (error) {
    console.error(
      JSON.stringify({
        event: 'analytics.batch_lost',
        feeds: batch.feeds.size,
        announcements: batch.announcements.size,
        clients: batch.clients.size,
        widgets: batch.widgets.size,
        signups: batch.signups.size,
        openedAt: new Date(batch.openedAt).toISOString(),
        error: String(error),
      }),
    );
  }
}

/**
 * The body's size without delaying it: Content-Length when set, else the size remembered for its ETag, else the
 * bytes of a copy read after the response (once per ETag and isolate). A 304 has no body: it gets the size of the
 * representation its ETag names when this isolate has seen it.
 */
function bodySize(res: Response): Promise<number | undefined> | number | undefined {
  const length = res.headers.get('content-length');
  if (length !== null && /^\d{1,12}$/.test(length)) return Number(length);
  const etag = res.headers.get('etag');
  const known = etag === null ? undefined : sizes.get(etag);
  if (known !== undefined || res.status === 304 || res.body === null) return known;
  return res
    .clone()
    .arrayBuffer()
    .then((body) => {
      if (etag !== null) {
        if (sizes.size >= SIZE_MEMO_ENTRIES) sizes.delete(sizes.keys().next().value!);
        sizes.set(etag, body.byteLength);
      }
      return body.byteLength;
    });
}

/** The partner page's origin, from `Origin`, else `Referer`: scheme, host and port only, never the page's path. */
export function partnerOrigin(origin: string | undefined, referer: string | undefined): string {
  for (const candidate of [origin, referer]) {
    if (!candidate || candidate.length > 2048) continue;
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin.length <= 200) return url.origin;
    } catch {
      // not a URL ("null" from a sandboxed frame, garbage): try the next one
    }
  }
  return '(direct)';
}
