import { parseRecord } from '../storage/records';
import { base64url } from '../http/base64url';
import { hmac } from './crypto';
import { Subscriber, type SubscriberStatus } from './schema';
import type * as z from 'zod';

/**
 * KV layout of the newsletter:
 *   sub:<id>        one record per subscriber; <id> is a keyed hash of the address, so keys reveal nothing
 *                   and concurrent signups of different addresses never touch the same key.
 *                   Pending records expire after 7 days unless confirmed. Metadata: {"status": …}.
 *   mailsent:<id>   {generation, at} of the last confirmation email; written only by the mail queue consumer.
 */
export const PENDING_TTL_SECONDS = 7 * 24 * 3600;
export const subscriberKey = (id: string) => `sub:${id}`;
export const mailSentKey = (id: string) => `mailsent:${id}`;
export const SUBSCRIBER_PREFIX = 'sub:';

export async function subscriberId(secret: string, email: string): Promise<string> {
  return base64url(await hmac(secret, 'email', email));
}

export type Status = z.infer<typeof SubscriberStatus>;

export class SubscriberStore {
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
}
