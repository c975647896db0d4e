import * as z from 'zod';
import { configReader } from '../env';
import { HttpUrl } from '../schema/primitives';

/**
 * The round-up's settings, checked apart from the rest so a mistake here never takes the feeds or the signup down.
 * ROUNDUP_CRON must also be listed in wrangler.toml's [triggers] crons: the scheduled handler tells the two jobs apart
 * by `controller.cron`.
 */
export const RoundupConfig = z.object({
  ROUNDUP_CRON: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4}$/, 'ROUNDUP_CRON must be a five-field cron expression such as "0 16 * * FRI"'),
  ROUNDUP_QUEUE: z.custom<Queue<unknown>>(
    (v) => typeof v === 'object' && v !== null,
    'queue binding ROUNDUP_QUEUE is missing',
  ),
  /**
   * Where round-up mail goes when it should not share the confirmation emails' endpoint (providers such as Postmark
   * keep broadcast and transactional streams apart); empty: MAIL_API_URL.
   */
  ROUNDUP_MAIL_API_URL: z.union([z.literal(''), HttpUrl]).default(''),
  /** Emails per second toward the email API (its rate limit); the one consumer paces itself to it. */
  ROUNDUP_SEND_RATE: z.coerce.number().positive().max(1000).default(10),
  /** First retry delay after the email API failed, doubled on each attempt up to an hour. */
  ROUNDUP_RETRY_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});
export type RoundupConfig = z.infer<typeof RoundupConfig>;

export const roundupConfig = configReader(RoundupConfig, 'round-up');
