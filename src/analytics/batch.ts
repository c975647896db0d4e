/**
 * Events aggregated in the isolate between two writes to D1: counters per key, so a thousand polls of one feed
 * become one row update. Keys join their parts with "\n", which no part can contain (paths, reader names, origins
 * and sources are all validated single-line strings).
 */
export interface FeedTotals {
  requests: number;
  notModified: number;
  fullResponses: number;
  bytesSent: number;
  /** Bytes the 304s saved, where the isolate knew the size of the representation they stood for. */
  bytesSaved: number;
  /** 304s whose representation this isolate never saw: D1 estimates their saving from the day's average. */
  unsizedNotModified: number;
}

export interface Announcement {
  day: string;
  path: string;
  reader: string;
  feedId: string;
  subscribers: number;
  /** When it was announced, ms since the epoch. */
  at: number;
}

export interface FeedHit {
  day: string;
  path: string;
  status: 200 | 304;
  /** Body bytes of a 200 (undefined for a HEAD); for a 304, the size of the representation it stands for when known. */
  bytes: number | undefined;
}

/** The most distinct keys a batch holds; D1 runs at most 1,000 statements per invocation, one per key here. */
export const MAX_BATCH_KEYS = 500;

export class AnalyticsBatch {
  readonly feeds = new Map<string, FeedTotals>();
  readonly announcements = new Map<string, Announcement>();
  readonly clients = new Set<string>();
  readonly widgets = new Map<string, number>();
  readonly signups = new Map<string, number>();
  /** When the first event arrived, ms since the epoch. */
  readonly openedAt = Date.now();

  get size(): number {
    return this.feeds.size + this.announcements.size + this.clients.size + this.widgets.size + this.signups.size;
  }

  get full(): boolean {
    return this.size >= MAX_BATCH_KEYS;
  }

  addFeedHit({ day, path, status, bytes }: FeedHit): void {
    const key = `${day}\n${path}`;
    let totals = this.feeds.get(key);
    if (!totals) {
      totals = { requests: 0, notModified: 0, fullResponses: 0, bytesSent: 0, bytesSaved: 0, unsizedNotModified: 0 };
      this.feeds.set(key, totals);
    }
    totals.requests++;
    if (status === 304) {
      totals.notModified++;
      if (bytes === undefined) totals.unsizedNotModified++;
      else totals.bytesSaved += bytes;
    } else if (bytes !== undefined) {
      // A HEAD (or a body of unknown size) sends no counted bytes and must not lower the day's average full body.
      totals.fullResponses++;
      totals.bytesSent += bytes;
    }
  }

  /** Keeps the latest count per day, feed, reader and feed-id: counts are states, never summed over polls. */
  addAnnouncement(announcement: Announcement): void {
    const key = [announcement.day, announcement.path, announcement.reader, announcement.feedId].join('\n');
    const previous = this.announcements.get(key);
    if (!previous || previous.at <= announcement.at) this.announcements.set(key, announcement);
  }

  addClient(day: string, path: string, reader: string, client: string): void {
    this.clients.add([day, path, reader, client].join('\n'));
  }

  addWidgetLoad(day: string, origin: string): void {
    increment(this.widgets, `${day}\n${origin}`);
  }

  addSignup(day: string, source: string): void {
    increment(this.signups, `${day}\n${source}`);
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Splits a batch key back into its parts. */
export const keyParts = (key: string): string[] => key.split('\n');

/** The UTC calendar day of an instant, as D1 stores it. */
export const utcDay = (at: number): string => new Date(at).toISOString().slice(0, 10);
