import * as z from 'zod';
import { ProblemError } from '../http/problem';
import { utcDay } from './batch';
import type { AnalyticsStore, FeedRow, ReaderRow } from './store';

/** Up to 400 days: the 13 months the rollups are kept, and a little more so "days=397" never surprises anyone. */
export const MAX_DAYS = 400;
export const DEFAULT_DAYS = 30;

export const WindowQuery = z.strictObject({
  days: z
    .string()
    .regex(/^\d{1,3}$/, `must be a whole number of days from 1 to ${MAX_DAYS}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_DAYS))
    .optional(),
});

/** A window of whole UTC days ending today, from `?days=N`; bad input is a 400 with a pointer per field. */
export interface Window {
  from: string;
  to: string;
  days: number;
}

/** A 400 naming each query parameter that is wrong or unknown. */
function queryProblem(error: z.ZodError, detail: string): ProblemError {
  return new ProblemError('bad-request', {
    detail,
    errors: error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ pointer: `?${key}`, detail: 'is not a parameter of this report' }))
        : [{ pointer: `?${issue.path.join('.')}`, detail: issue.message }],
    ),
  });
}

export function parseWindow(query: Record<string, string>, now = Date.now()): Window {
  const parsed = WindowQuery.safeParse(query);
  if (!parsed.success)
    throw queryProblem(parsed.error, `Ask for a window such as ?days=${DEFAULT_DAYS} (1 to ${MAX_DAYS}).`);
  const days = parsed.data.days ?? DEFAULT_DAYS;
  return windowOf(days, now);
}

/** Reports of the present state take no parameter: one sent is a mistake worth a 400, not silence. */
export function parseNoQuery(query: Record<string, string>): void {
  const parsed = z.strictObject({}).safeParse(query);
  if (!parsed.success) throw queryProblem(parsed.error, 'This report takes no parameters.');
}

export function windowOf(days: number, now = Date.now()): Window {
  return { from: utcDay(now - (days - 1) * 86_400_000), to: utcDay(now), days };
}

/** One feed in `feeds.json`; field names are a contract other tools read. */
export interface FeedReport {
  path: string;
  subscribers: number;
  readers: { name: string; subscribers: number }[];
  requests: number;
  notModified: number;
  bytesSent: number;
  bytesSaved: number;
}

/**
 * Joins traffic and audience per feed. Where a reader both announces counts and polls without one (e.g. a
 * fetcher's odd request), the announced count stands: its clients are the aggregator's servers, not people.
 */
export function feedReports(traffic: FeedRow[], readerRows: ReaderRow[]): FeedReport[] {
  const feeds = new Map<string, FeedReport>();
  const feed = (path: string) => {
    let f = feeds.get(path);
    if (!f) {
      f = { path, subscribers: 0, readers: [], requests: 0, notModified: 0, bytesSent: 0, bytesSaved: 0 };
      feeds.set(path, f);
    }
    return f;
  };
  for (const t of traffic) Object.assign(feed(t.path), t, { path: t.path });
  const announcing = new Set(readerRows.filter((r) => !r.clients).map((r) => `${r.path}\n${r.reader}`));
  for (const r of readerRows) {
    if (r.clients && announcing.has(`${r.path}\n${r.reader}`)) continue;
    if (r.subscribers > 0) feed(r.path).readers.push({ name: r.reader, subscribers: r.subscribers });
  }
  for (const f of feeds.values()) {
    f.readers.sort((a, b) => b.subscribers - a.subscribers || a.name.localeCompare(b.name));
    f.subscribers = f.readers.reduce((sum, r) => sum + r.subscribers, 0);
  }
  return [...feeds.values()].sort(
    (a, b) => b.subscribers - a.subscribers || b.requests - a.requests || a.path.localeCompare(b.path),
  );
}

export async function feedsReport(store: AnalyticsStore, w: Window) {
  const [traffic, readers] = await Promise.all([store.feedTotals(w.from, w.to), store.readers(w.from, w.to)]);
  return { from: w.from, to: w.to, feeds: feedReports(traffic, readers) };
}

/** The most held counts a report lists, newest first: more at once is a flood of forged headers, and its newest show it. */
export const MAX_HELD_LISTED = 200;

/** One count held as unverified in `unverified.json`: what was announced, since when, and what is shown meanwhile. */
export interface HeldReport {
  path: string;
  reader: string;
  feedId: string;
  /** The count announced and held. */
  subscribers: number;
  /** When it was first announced (RFC 3339, UTC); it is accepted if a poll an hour or more later repeats it. */
  since: string;
  /** The count shown meanwhile: the last accepted one, or null when none was ever accepted. */
  acceptedSubscribers: number | null;
}

/** Counts held now, whatever the window: a held count is a state, not a daily figure. */
export async function heldReport(store: AnalyticsStore): Promise<{ unverified: HeldReport[] }> {
  const rows = await store.heldCounts(MAX_HELD_LISTED);
  return {
    unverified: rows.map((r) => ({
      path: r.path,
      reader: r.reader,
      feedId: r.feedId,
      subscribers: r.held,
      since: new Date(r.heldAt).toISOString(),
      acceptedSubscribers: r.verified,
    })),
  };
}

/** Sums daily rows by one key column, largest first. */
export function totalsBy<K extends string, V extends string>(
  rows: Record<K | V, string | number>[],
  key: K,
  value: V,
): { key: string; total: number }[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(String(r[key]), (totals.get(String(r[key])) ?? 0) + Number(r[value]));
  return [...totals]
    .map(([k, total]) => ({ key: k, total }))
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

export async function widgetsReport(store: AnalyticsStore, w: Window) {
  const rows = await store.dailyWidgets(w.from, w.to);
  return {
    from: w.from,
    to: w.to,
    origins: totalsBy(rows, 'origin', 'loads').map(({ key, total }) => ({ origin: key, loads: total })),
  };
}

export async function signupsReport(store: AnalyticsStore, w: Window) {
  const rows = await store.dailySignups(w.from, w.to);
  return {
    from: w.from,
    to: w.to,
    sources: totalsBy(rows, 'source', 'signups').map(({ key, total }) => ({ source: key, signups: total })),
  };
}
