import * as z from 'zod';
import type { Site } from '../schema/site';
import { confirmationEmail } from './emails';
import { MailRejected, type Mailer } from './mailer';
import type { MailLedger } from './mail-store';
import type { SubscriberStore } from './store';
import { signToken } from './tokens';

/** A request to send a confirmation email; the consumer decides whether one is due. */
export const MailJob = z.object({ id: z.string(), generation: z.int().min(1), origin: z.url() });
export type MailJob = z.infer<typeof MailJob>;

/** At most one confirmation email per address and opt-in round every ten minutes. */
export const RESEND_AFTER_MS = 10 * 60 * 1000;
export interface MailDeps {
  subscribers: SubscriberStore;
  ledger: MailLedger;
  secret: string;
  site: Site;
  mailer: Mailer;
  now?: () => number;
}

export type JobOutcome = 'sent' | 'not-due' | 'not-pending' | 'invalid' | 'rejected';

/**
 * Handles one job. The queue runs with max_concurrency = 1, so this consumer is the only writer of
 * the ledger: twenty simultaneous signups of one address enqueue twenty jobs, and the first
 * sends while the other nineteen find the mail already sent. A provider failure throws, and the
 * queue retries the job later; the subscriber stays pending meanwhile.
 */
export async function handleMailJob(body: unknown, deps: MailDeps): Promise<JobOutcome> {
  const now = deps.now ?? Date.now;
  const job = MailJob.safeParse(body);
  if (!job.success) return 'invalid';
  const { id, generation, origin } = job.data;
  const subscriber = await deps.subscribers.get(id);
  if (!subscriber || subscriber.status !== 'pending' || subscriber.generation !== generation) return 'not-pending';
  const sent = await deps.ledger.lastSent(id);
  if (sent !== null && sent.generation === generation && now() - sent.at < RESEND_AFTER_MS) return 'not-due';

  const token = (purpose: 'confirm' | 'unsubscribe') => signToken(deps.secret, purpose, id, generation, now());
  const mail = confirmationEmail(deps.site, subscriber.email, {
    confirm: `${origin}/newsletter/confirm?token=${await token('confirm')}`,
    unsubscribe: `${origin}/newsletter/unsubscribe?token=${await token('unsubscribe')}`,
  });
  try {
    await deps.mailer.send(mail);
  } catch (error) {
    if (!(error instanceof MailRejected)) throw error;
    console.error(JSON.stringify({ event: 'newsletter.mail_rejected', subscriber: id, error: error.message }));
    return 'rejected';
  }
  await deps.ledger.recordSent(id, { generation, at: now() });
  return 'sent';
}

/** Queue consumer: each job is acknowledged once handled, or retried with growing delay when sending failed. */
export async function consumeMailBatch(batch: MessageBatch<unknown>, deps: MailDeps): Promise<void> {
  for (const message of batch.messages) {
    try {
      await handleMailJob(message.body, deps);
      message.ack();
    } catch (error) {
      const delaySeconds = Math.min(3600, 10 * 2 ** Math.min(message.attempts, 8));
      console.error(
        JSON.stringify({
          event: 'newsletter.mail_retry',
          attempts: message.attempts,
          delaySeconds,
          error: String(error),
        }),
      );
      message.retry({ delaySeconds });
    }
  }
}
