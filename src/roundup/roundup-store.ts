import { Subscriber } from '../newsletter/schema';
import { SUBSCRIBER_PREFIX, subscriberKey } from '../newsletter/store';
import { bulkGet } from '../storage/bulk-get';
import { listKeys } from '../storage/list-keys';
import { parseRecord } from '../storage/records';
import { Issue, LedgerEntry, Outcome, SendState, type Outcome as OutcomeType } from './schema';

/**
 * KV layout of the round-up (all in CONTENT, documented in docs/newsletter.md):
 *   roundup:issue:<week>               the Issue record
 *   roundup:note:<week>                the editors' note, which may be written before the issue is built
 *   roundup:send:<week>                SendState, written once when sending begins
 *   roundup:fanout:<week>:<page>       empty; metadata {n, last}: recipients queued by one page of the fan-out
 *   roundup:ledger:<week>:<subscriber> LedgerEntry; metadata {s}: the one outcome of that reader for that issue,
 *                                      written only by the roundup-send consumer (max_concurrency = 1)
 */
const ISSUE = 'roundup:issue:';
const NOTE = 'roundup:note:';
const SEND = 'roundup:send:';
const FANOUT = 'roundup:fanout:';
const LEDGER = 'roundup:ledger:';

export const ledgerKey = (issue: string, subscriber: string) => `${LEDGER}${issue}:${subscriber}`;

/** Ledger entries outlive any retry or late question about a send by far; a year of issues stays countable. */
const LEDGER_TTL_SECONDS = 400 * 86_400;
/** KV returns at most 1000 keys per list call. */
const LIST_MAX = 1000;

export interface SendCounts {
  /** Readers the fan-out has queued so far. */
  recipients: number;
  /** Whether the fan-out has gone through every subscriber. */
  fanOutComplete: boolean;
  sent: number;
  failed: number;
  skipped: number;
}

export interface SubscriberPage {
  /** Ids of the confirmed subscribers on this page, from key metadata (no record read). */
  confirmed: string[];
  /** KV list cursor of the next page, or null at the end. */
  next: string | null;
}

export class RoundupStore {
  constructor(private readonly kv: KVNamespace) {}

  async issue(id: string): Promise<Issue | null> {
    return parseRecord(Issue, `${ISSUE}${id}`, await this.kv.get(`${ISSUE}${id}`));
  }

  async putIssue(issue: Issue): Promise<void> {
    await this.kv.put(`${ISSUE}${issue.id}`, JSON.stringify(issue));
  }

  /** Every issue, newest first (a listing of one key per week: decades fit in one call). */
  async issues(): Promise<Issue[]> {
    const names = await listKeys(this.kv, ISSUE);
    const values = await bulkGet(this.kv, names.reverse());
    return names.map((name) => parseRecord(Issue, name, values.get(name) ?? null)).filter((i) => i !== null);
  }

  async note(id: string): Promise<string | undefined> {
    return (await this.kv.get(`${NOTE}${id}`)) ?? undefined;
  }

  async putNote(id: string, note: string): Promise<void> {
    if (note === '') await this.kv.delete(`${NOTE}${id}`);
    else await this.kv.put(`${NOTE}${id}`, note);
  }

  async sendState(id: string): Promise<SendState | null> {
    return parseRecord(SendState, `${SEND}${id}`, await this.kv.get(`${SEND}${id}`));
  }

  async putSendState(id: string, state: SendState): Promise<void> {
    await this.kv.put(`${SEND}${id}`, JSON.stringify(state));
  }

  /** One page of subscriber keys, up to KV's 1000 per list call, filtered to confirmed readers by metadata. */
  async subscriberPage(cursor: string | undefined): Promise<SubscriberPage> {
    const page: KVNamespaceListResult<{ status?: string }> = await this.kv.list({
      prefix: SUBSCRIBER_PREFIX,
      limit: LIST_MAX,
      ...(cursor ? { cursor } : {}),
    });
    return {
      confirmed: page.keys
        .filter((k) => k.metadata?.status === 'confirmed')
        .map((k) => k.name.slice(SUBSCRIBER_PREFIX.length)),
      next: page.list_complete ? null : page.cursor,
    };
  }

  /** Subscriber records by id, in bulk reads of 100; a missing or unreadable record is absent from the map. */
  async subscribers(ids: string[]): Promise<Map<string, Subscriber>> {
    const values = await bulkGet(this.kv, ids.map(subscriberKey));
    const out = new Map<string, Subscriber>();
    for (const id of ids) {
      const record = parseRecord(Subscriber, subscriberKey(id), values.get(subscriberKey(id)) ?? null);
      if (record) out.set(id, record);
    }
    return out;
  }

  /** Records how many readers one fan-out page queued; a retried page overwrites its own count, never adds to it. */
  async putFanOutPage(id: string, page: number, queued: number, last: boolean): Promise<void> {
    await this.kv.put(`${FANOUT}${id}:${String(page).padStart(6, '0')}`, '', {
      metadata: { n: queued, last },
      expirationTtl: LEDGER_TTL_SECONDS,
    });
  }

  /** Whether any page of an issue's fan-out has been recorded. */
  async fanOutStarted(id: string): Promise<boolean> {
    return (await this.kv.list({ prefix: `${FANOUT}${id}:`, limit: 1 })).keys.length > 0;
  }

  /** The ledger entries of `subscribers` for one issue, in bulk reads of 100 keys. */
  async ledger(id: string, subscribers: string[]): Promise<Map<string, LedgerEntry>> {
    const values = await bulkGet(
      this.kv,
      subscribers.map((s) => ledgerKey(id, s)),
    );
    const out = new Map<string, LedgerEntry>();
    for (const s of subscribers) {
      const entry = parseRecord(LedgerEntry, ledgerKey(id, s), values.get(ledgerKey(id, s)) ?? null);
      if (entry) out.set(s, entry);
    }
    return out;
  }

  async record(id: string, subscriber: string, outcome: OutcomeType, at: string, reason?: string): Promise<void> {
    const entry: LedgerEntry = { s: outcome, at, ...(reason === undefined ? {} : { reason }) };
    await this.kv.put(ledgerKey(id, subscriber), JSON.stringify(entry), {
      metadata: { s: outcome },
      expirationTtl: LEDGER_TTL_SECONDS,
    });
  }

  /**
   * Counts from the fan-out pages and the ledger, by listing alone (metadata, no values): one list call per 1000
   * readers. KV listings may lag writes by up to a minute elsewhere, so counts in progress can trail slightly.
   */
  async counts(id: string): Promise<SendCounts> {
    const counts: SendCounts = { recipients: 0, fanOutComplete: false, sent: 0, failed: 0, skipped: 0 };
    const pages: number[] = [];
    let lastPage = -1;
    await this.eachKey<{ n?: number; last?: boolean }>(`${FANOUT}${id}:`, (name, meta) => {
      const page = Number(name.slice(name.lastIndexOf(':') + 1));
      pages.push(page);
      counts.recipients += meta?.n ?? 0;
      if (meta?.last) lastPage = page;
    });
    counts.fanOutComplete = lastPage >= 0 && pages.filter((p) => p <= lastPage).length === lastPage + 1;
    await this.eachKey<{ s?: string }>(`${LEDGER}${id}:`, (_name, meta) => {
      const outcome = Outcome.safeParse(meta?.s);
      if (outcome.success) counts[outcome.data]++;
    });
    return counts;
  }

  private async eachKey<M>(prefix: string, visit: (name: string, meta: M | undefined) => void): Promise<void> {
    let cursor: string | undefined;
    do {
      const page: KVNamespaceListResult<M> = await this.kv.list<M>({ prefix, ...(cursor ? { cursor } : {}) });
      for (const k of page.keys) visit(k.name, k.metadata);
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
  }
}
