import { base64url } from '../http/base64url';
import { bulkGet } from '../storage/bulk-get';
import { parseRecord } from '../storage/records';
import { hmac } from './crypto';
import { Subscriber, type SubscriberStatus } from './schema';
import type * as z from 'zod';

/**
 * Subscribers, one KV key each (docs/storage.md): `sub:<id>`, where <id> is a keyed hash of the address, so keys reveal
 * nothing and concurrent signups of different addresses never touch the same key. Pending records expire after 7 days
 * unless confirmed. Metadata: {"status": …}, so an export filters by status without reading records.
 */
export const PENDING_TTL_SECONDS = 7 * 24 * 3600;
export const subscriberKey = (id: string) => `sub:${id}`;
export const SUBSCRIBER_PREFIX = 'sub:';

/** Keys listed per export page: 20 list calls and 200 bulk reads, well inside an invocation's 1000 KV operations. */
export const EXPORT_PAGE_KEYS = 20_000;

export async function subscriberId(secret: string, email: string): Promise<string> {
  return base64url(await hmac(secret, 'email', email));
}

export type Status = z.infer<typeof SubscriberStatus>;

/** One page of subscriber ids for an export, and where the next starts. */
export interface ExportPage {
  ids: string[];
  /** Cursor of the next export page, or null when this page reaches the end. */
  next: string | null;
}

export interface SubscriberStore {
  get(id: string): Promise<Subscriber | null>;
  put(id: string, subscriber: Subscriber): Promise<void>;
  /** Ids of subscribers with `status` (any when undefined), from `cursor` on. */
  exportPage(status: Status | undefined, cursor: string | undefined): Promise<ExportPage>;
  /** Up to 100 subscribers in one read; unreadable records are left out. */
  many(ids: readonly string[]): Promise<Map<string, Subscriber>>;
}

export class KvSubscriberStore implements SubscriberStore {
  constructor(private readonly kv: KVNamespace) {}

  async get(id: string): Promise<Subscriber | null> {
    return parseRecord(Subscriber, subscriberKey(id), await this.kv.get(subscriberKey(id)));
  }

  async put(id: string, subscriber: Subscriber): Promise<void> {
    await this.kv.put(subscriberKey(id), JSON.stringify(subscriber), {
      metadata: { status: subscriber.status },
      ...(subscriber.status === 'pending' ? { expirationTtl: PENDING_TTL_SECONDS } : {}),
    });
  }

  async exportPage(status: Status | undefined, cursor: string | undefined): Promise<ExportPage> {
    const ids: string[] = [];
    let listed = 0;
    let next: string | undefined = cursor;
    do {
      const page: KVNamespaceListResult<{ status?: string }> = await this.kv.list({
        prefix: SUBSCRIBER_PREFIX,
        ...(next ? { cursor: next } : {}),
      });
      listed += page.keys.length;
      for (const k of page.keys)
        if (status === undefined || k.metadata?.status === status) ids.push(k.name.slice(SUBSCRIBER_PREFIX.length));
      next = page.list_complete ? undefined : page.cursor;
    } while (next && listed < EXPORT_PAGE_KEYS);
    return { ids, next: next ?? null };
  }

  async many(ids: readonly string[]): Promise<Map<string, Subscriber>> {
    const values = await bulkGet(this.kv, ids.map(subscriberKey));
    const out = new Map<string, Subscriber>();
    for (const id of ids) {
      const subscriber = parseRecord(Subscriber, subscriberKey(id), values.get(subscriberKey(id)) ?? null);
      if (subscriber) out.set(id, subscriber);
    }
    return out;
  }
}
