import * as z from 'zod';
import { bulkGet } from '../storage/bulk-get';
import { parseRecord } from '../storage/records';
import type { Mail } from './mailer';

/** When the last confirmation email of a subscriber went out, and for which opt-in round. */
export const MailSent = z.object({ generation: z.int(), at: z.number() });
export type MailSent = z.infer<typeof MailSent>;

/**
 * The mail queue's record of sent confirmations: `mailsent:<id>`, written only by the queue consumer (one at a time),
 * kept a day (docs/storage.md).
 */
export interface MailLedger {
  lastSent(id: string): Promise<MailSent | null>;
  recordSent(id: string, sent: MailSent): Promise<void>;
}

const mailSentKey = (id: string) => `mailsent:${id}`;
const MAIL_SENT_TTL_SECONDS = 86_400;

export class KvMailLedger implements MailLedger {
  constructor(private readonly kv: KVNamespace) {}

  async lastSent(id: string): Promise<MailSent | null> {
    return parseRecord(MailSent, mailSentKey(id), await this.kv.get(mailSentKey(id)));
  }

  async recordSent(id: string, sent: MailSent): Promise<void> {
    await this.kv.put(mailSentKey(id), JSON.stringify(sent), { expirationTtl: MAIL_SENT_TTL_SECONDS });
  }
}

export const OutboxEntry = z.object({
  at: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** Mail the development mailer keeps instead of sending (`outbox:<sort>:<uuid>`, kept 7 days), for /dev/outbox. */
export interface OutboxStore {
  keep(mail: Mail, at: number): Promise<void>;
  /** The newest `limit` mails, newest first. */
  newest(limit: number): Promise<OutboxEntry[]>;
}

const OUTBOX_PREFIX = 'outbox:';
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

export class KvOutboxStore implements OutboxStore {
  constructor(private readonly kv: KVNamespace) {}

  async keep(mail: Mail, at: number): Promise<void> {
    // Newest first in a lexicographic listing, like the article indexes.
    const key = `${OUTBOX_PREFIX}${String(9_999_999_999_999 - at).padStart(13, '0')}:${crypto.randomUUID()}`;
    const { idempotencyKey: _key, ...kept } = mail;
    const entry: OutboxEntry = { at: new Date(at).toISOString(), ...kept };
    await this.kv.put(key, JSON.stringify(entry), { expirationTtl: OUTBOX_TTL_SECONDS });
  }

  async newest(limit: number): Promise<OutboxEntry[]> {
    const { keys } = await this.kv.list({ prefix: OUTBOX_PREFIX, limit });
    const values = await bulkGet(
      this.kv,
      keys.map((k) => k.name),
    );
    return keys.flatMap((k) => parseRecord(OutboxEntry, k.name, values.get(k.name) ?? null) ?? []);
  }
}
