import { keyParts, type AnalyticsBatch, type Announcement } from './batch';
import { analyticsConfig } from './config';
import { judgeCount, NO_STATE, type SubscriberState } from './verification';

/** Daily rows are kept 13 months (docs/analytics.md). */
export const RETENTION_MONTHS = 13;
/** D1 binds at most 100 parameters per statement. */
const KEYS_PER_LOOKUP = 30;

export interface FeedRow {
  path: string;
  requests: number;
  notModified: number;
  bytesSent: number;
  bytesSaved: number;
}

export interface ReaderRow {
  path: string;
  reader: string;
  subscribers: number;
  /** Counted as distinct clients rather than announced by the reader. */
  clients: boolean;
}

/** A subscriber count held as unverified (src/analytics/verification.ts), with the count accepted before it. */
export interface HeldCountRow {
  path: string;
  reader: string;
  feedId: string;
  held: number;
  /** When the held count was first announced, ms since the epoch. */
  heldAt: number;
  verified: number | null;
}

export interface DailyReaderRow {
  day: string;
  path: string;
  reader: string;
  subscribers: number;
}

/** The store over the worker's ANALYTICS binding (a 503 problem when the analytics are not configured). */
export const analyticsStoreOf = (env: Env) => new AnalyticsStore(analyticsConfig(env).ANALYTICS);

/**
 * Analytics in D1: batches in, reports out. A batch is written with one `batch()` call, which D1 runs as one
 * transaction: it lands whole or not at all.
 */
export class AnalyticsStore {
  constructor(private readonly db: D1Database) {}

  async write(batch: AnalyticsBatch): Promise<void> {
    const statements = [
      ...this.feedStatements(batch),
      ...[...batch.clients].map((key) =>
        this.db
          .prepare('INSERT OR IGNORE INTO client_seen (day, path, reader, client) VALUES (?, ?, ?, ?)')
          .bind(...keyParts(key)),
      ),
      ...[...batch.widgets].map(([key, n]) =>
        this.db
          .prepare(
            'INSERT INTO widget_daily (day, origin, loads) VALUES (?, ?, ?) ON CONFLICT (day, origin) DO UPDATE SET loads = loads + excluded.loads',
          )
          .bind(...keyParts(key), n),
      ),
      ...[...batch.signups].map(([key, n]) =>
        this.db
          .prepare(
            'INSERT INTO signup_daily (day, source, signups) VALUES (?, ?, ?) ON CONFLICT (day, source) DO UPDATE SET signups = signups + excluded.signups',
          )
          .bind(...keyParts(key), n),
      ),
      ...(await this.announcementStatements([...batch.announcements.values()])),
    ];
    if (statements.length > 0) await this.db.batch(statements);
  }

  private feedStatements(batch: AnalyticsBatch): D1PreparedStatement[] {
    // A 304 whose representation the isolate never saw is valued at the day's average full body: the batch's own
    // average when inserting, the stored day's (this batch included) when updating.
    const sql = `INSERT INTO feed_daily (day, path, requests, not_modified, full_responses, bytes_sent, bytes_saved)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
      ON CONFLICT (day, path) DO UPDATE SET
        requests = requests + excluded.requests,
        not_modified = not_modified + excluded.not_modified,
        full_responses = full_responses + excluded.full_responses,
        bytes_sent = bytes_sent + excluded.bytes_sent,
        bytes_saved = bytes_saved + ?8 + ?9 * COALESCE((bytes_sent + excluded.bytes_sent) / NULLIF(full_responses + excluded.full_responses, 0), 0)`;
    return [...batch.feeds].map(([key, t]) => {
      const average = t.fullResponses > 0 ? Math.floor(t.bytesSent / t.fullResponses) : 0;
      return this.db
        .prepare(sql)
        .bind(
          ...keyParts(key),
          t.requests,
          t.notModified,
          t.fullResponses,
          t.bytesSent,
          t.bytesSaved + t.unsizedNotModified * average,
          t.bytesSaved,
          t.unsizedNotModified,
        );
    });
  }

  /** Reads the state of every reader and feed-id the batch heard from, judges each count in time order. */
  private async announcementStatements(announcements: Announcement[]): Promise<D1PreparedStatement[]> {
    if (announcements.length === 0) return [];
    const id = (a: { path: string; reader: string; feedId: string }) => `${a.path}\n${a.reader}\n${a.feedId}`;
    const states = new Map<string, SubscriberState>();
    const distinct = [...new Map(announcements.map((a) => [id(a), a])).values()];
    for (let i = 0; i < distinct.length; i += KEYS_PER_LOOKUP) {
      const chunk = distinct.slice(i, i + KEYS_PER_LOOKUP);
      const { results } = await this.db
        .prepare(
          `SELECT path, reader, feed_id AS feedId, verified, verified_at AS verifiedAt, held, held_at AS heldAt
           FROM subscriber_state WHERE (path, reader, feed_id) IN (VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')})`,
        )
        .bind(...chunk.flatMap((a) => [a.path, a.reader, a.feedId]))
        .all<SubscriberState & { path: string; reader: string; feedId: string }>();
      for (const { path, reader, feedId, ...state } of results) states.set(id({ path, reader, feedId }), state);
    }
    const statements: D1PreparedStatement[] = [];
    for (const a of [...announcements].sort((x, y) => x.at - y.at)) {
      const { state, accepted } = judgeCount(states.get(id(a)) ?? NO_STATE, a.subscribers, a.at);
      states.set(id(a), state);
      if (accepted) {
        statements.push(
          this.db
            .prepare(
              `INSERT INTO subscriber_daily (day, path, reader, feed_id, subscribers, seen_at) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (day, path, reader, feed_id) DO UPDATE SET subscribers = excluded.subscribers, seen_at = excluded.seen_at
               WHERE excluded.seen_at >= seen_at`,
            )
            .bind(a.day, a.path, a.reader, a.feedId, a.subscribers, a.at),
        );
      }
    }
    for (const a of distinct) {
      const s = states.get(id(a))!;
      statements.push(
        this.db
          .prepare(
            `INSERT INTO subscriber_state (path, reader, feed_id, verified, verified_at, held, held_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (path, reader, feed_id) DO UPDATE SET verified = excluded.verified, verified_at = excluded.verified_at,
               held = excluded.held, held_at = excluded.held_at`,
          )
          .bind(a.path, a.reader, a.feedId, s.verified, s.verifiedAt, s.held, s.heldAt),
      );
    }
    return statements;
  }

  async feedTotals(from: string, to: string): Promise<FeedRow[]> {
    return this.inWindow<FeedRow>(
      `SELECT path, SUM(requests) AS requests, SUM(not_modified) AS notModified, SUM(bytes_sent) AS bytesSent,
           SUM(bytes_saved) AS bytesSaved
         FROM feed_daily WHERE day BETWEEN ? AND ? GROUP BY path`,
      from,
      to,
    );
  }

  /**
   * Subscribers per feed and reader over a window: for announcing readers the latest count of each feed-id in the
   * window, summed over feed-ids; for the others the most distinct clients seen on one day (a client cannot be
   * followed from one day to the next: its hash key rotates daily).
   */
  async readers(from: string, to: string): Promise<ReaderRow[]> {
    const results = await this.inWindow<Omit<ReaderRow, 'clients'> & { clients: number }>(
      `SELECT path, reader, SUM(subscribers) AS subscribers, 0 AS clients FROM (
           SELECT path, reader, subscribers,
             ROW_NUMBER() OVER (PARTITION BY path, reader, feed_id ORDER BY day DESC) AS newest
           FROM subscriber_daily WHERE day BETWEEN ?1 AND ?2
         ) WHERE newest = 1 GROUP BY path, reader
         UNION ALL
         SELECT path, reader, MAX(clients) AS subscribers, 1 AS clients FROM client_daily
         WHERE day BETWEEN ?1 AND ?2 GROUP BY path, reader`,
      from,
      to,
    );
    return results.map((r) => ({ ...r, clients: r.clients === 1 }));
  }

  /** Per day, feed and reader: the day's announced counts summed over feed-ids, or its distinct clients. */
  async dailyReaders(from: string, to: string): Promise<(DailyReaderRow & { clients: boolean })[]> {
    const results = await this.inWindow<DailyReaderRow & { clients: number }>(
      `SELECT day, path, reader, SUM(subscribers) AS subscribers, 0 AS clients FROM subscriber_daily
         WHERE day BETWEEN ?1 AND ?2 GROUP BY day, path, reader
         UNION ALL
         SELECT day, path, reader, clients AS subscribers, 1 AS clients FROM client_daily WHERE day BETWEEN ?1 AND ?2
         ORDER BY day, path, reader`,
      from,
      to,
    );
    return results.map((r) => ({ ...r, clients: r.clients === 1 }));
  }

  /** Every count held as unverified now, the most recently held first (at most `limit`). */
  async heldCounts(limit: number): Promise<HeldCountRow[]> {
    const { results } = await this.db
      .prepare(
        `SELECT path, reader, feed_id AS feedId, held, held_at AS heldAt, verified FROM subscriber_state
         WHERE held IS NOT NULL ORDER BY held_at DESC, path, reader, feed_id LIMIT ?`,
      )
      .bind(limit)
      .all<HeldCountRow>();
    return results;
  }

  async dailyFeeds(from: string, to: string): Promise<(FeedRow & { day: string })[]> {
    return this.inWindow<FeedRow & { day: string }>(
      `SELECT day, path, requests, not_modified AS notModified, bytes_sent AS bytesSent, bytes_saved AS bytesSaved
         FROM feed_daily WHERE day BETWEEN ? AND ? ORDER BY day, path`,
      from,
      to,
    );
  }

  async dailyWidgets(from: string, to: string): Promise<{ day: string; origin: string; loads: number }[]> {
    const { results } = await this.db
      .prepare('SELECT day, origin, loads FROM widget_daily WHERE day BETWEEN ? AND ? ORDER BY day, origin')
      .bind(from, to)
      .all<{ day: string; origin: string; loads: number }>();
    return results;
  }

  async dailySignups(from: string, to: string): Promise<{ day: string; source: string; signups: number }[]> {
    const { results } = await this.db
      .prepare('SELECT day, source, signups FROM signup_daily WHERE day BETWEEN ? AND ? ORDER BY day, source')
      .bind(from, to)
      .all<{ day: string; source: string; signups: number }>();
    return results;
  }

  /** Runs a query over a window of days, bound as ?1 (from) and ?2 (to). */
  private async inWindow<T>(sql: string, from: string, to: string): Promise<T[]> {
    return (await this.db.prepare(sql).bind(from, to).all<T>()).results;
  }

  /**
   * Drops daily rows older than the retention, reader states not heard from since, and client hashes of days
   * before `today` (their counts stay in client_daily): a hash outlives its day by at most a day.
   */
  async prune(today: string): Promise<void> {
    const cutoff = `date(?1, '-${RETENTION_MONTHS} months')`;
    const cutoffMs = `unixepoch(${cutoff}) * 1000`;
    await this.db.batch([
      ...['feed_daily', 'subscriber_daily', 'client_daily', 'widget_daily', 'signup_daily'].map((table) =>
        this.db.prepare(`DELETE FROM ${table} WHERE day < ${cutoff}`).bind(today),
      ),
      this.db
        .prepare(`DELETE FROM subscriber_state WHERE MAX(COALESCE(verified_at, 0), COALESCE(held_at, 0)) < ${cutoffMs}`)
        .bind(today),
      this.db.prepare('DELETE FROM client_seen WHERE day < ?').bind(today),
    ]);
  }
}
