import type { OutboxStore } from './mail-store';

/** One email. Header values are checked for CR/LF before anything is sent (no header injection). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /**
   * Sent to the email API as the Idempotency-Key header: a provider that honours it accepts one message per key, so
   * sending again after a lost answer or a crash cannot deliver twice.
   */
  idempotencyKey?: string;
}

export interface Mailer {
  /** Resolves when the provider accepted the mail; throws when it could not be delivered to the provider. */
  send(mail: Mail): Promise<void>;
}

export class MailRejected extends Error {}

export function assertHeaderSafe(mail: Mail): void {
  const values = [mail.to, mail.subject, ...Object.keys(mail.headers), ...Object.values(mail.headers)];
  if (values.some((v) => /[\r\n]/.test(v))) throw new MailRejected('header value contains CR or LF');
}

export interface HttpMailerOptions {
  url: string;
  apiKey: string;
  from: string;
  fetcher?: typeof fetch;
  attempts?: number;
  backoffMs?: number;
}

/**
 * Sends through an HTTP email API: a JSON POST with a bearer key, the common shape of transactional
 * mail services. 5xx and network errors are retried with exponential backoff; 4xx are final.
 */
export class HttpMailer implements Mailer {
  constructor(private readonly options: HttpMailerOptions) {}

  async send(mail: Mail): Promise<void> {
    assertHeaderSafe(mail);
    const { url, apiKey, from, fetcher = fetch, attempts = 3, backoffMs = 250 } = this.options;
    const body = JSON.stringify({
      from,
      to: [mail.to],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 2)));
      try {
        const res = await fetcher(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/json',
            ...(mail.idempotencyKey === undefined ? {} : { 'idempotency-key': mail.idempotencyKey }),
          },
          body,
        });
        if (res.ok) return;
        lastError = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429)
          throw new MailRejected(`email API refused the message: ${lastError}`);
      } catch (error) {
        if (error instanceof MailRejected) throw error;
        lastError = String(error);
      }
    }
    throw new Error(`email API unreachable after ${attempts} attempts: ${lastError}`);
  }
}

/** Development mailer: keeps mail for /dev/outbox, so `npm start` shows the whole flow without a provider. */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly now: () => number = Date.now,
  ) {}

  async send(mail: Mail): Promise<void> {
    assertHeaderSafe(mail);
    await this.outbox.keep(mail, this.now());
  }
}
