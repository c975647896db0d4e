import type { Config } from '../env';
import type { NewsletterConfig } from './config';
import { KvOutboxStore } from './mail-store';
import { HttpMailer, OutboxMailer, type Mailer } from './mailer';

/** The HTTP email API when configured; outside production without one, the KV outbox behind /dev/outbox. */
export function mailerFor(cfg: Config, nc: NewsletterConfig): Mailer {
  if (nc.MAIL_API_URL)
    return new HttpMailer({ url: nc.MAIL_API_URL, apiKey: nc.MAIL_API_KEY ?? '', from: nc.MAIL_FROM });
  if (cfg.ENVIRONMENT !== 'production') return new OutboxMailer(new KvOutboxStore(cfg.CONTENT));
  // Thrown inside the queue consumer: the job is retried, and the subscriber stays pending, until mail is configured.
  throw new Error('MAIL_API_URL is not set: confirmation emails cannot be sent');
}
