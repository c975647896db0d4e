import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { consumeMailBatch, handleMailJob, RESEND_AFTER_MS, type MailDeps } from '../../src/newsletter/mail-queue';
import type { Mail, Mailer } from '../../src/newsletter/mailer';
import { KvMailLedger } from '../../src/newsletter/mail-store';
import { KvSubscriberStore, subscriberId } from '../../src/newsletter/store';
import type { Subscriber } from '../../src/newsletter/schema';
import { TEST_NEWSLETTER_SECRET } from '../support/constants';

const stores = { subscribers: new KvSubscriberStore(env.CONTENT), ledger: new KvMailLedger(env.CONTENT) };

const site = {
  name: 'Meridian Review',
  url: 'https://meridian-review.example',
  description: 'd',
  language: 'en',
  icon: 'https://x.example/i.png',
  logo: 'https://x.example/l.png',
  copyright: 'c',
  tagAuthority: 'meridian-review.example,2024',
};

async function pending(email: string): Promise<string> {
  const id = await subscriberId(TEST_NEWSLETTER_SECRET, email);
  const now = new Date().toISOString();
  const record: Subscriber = {
    email,
    regions: [],
    status: 'pending',
    generation: 1,
    createdAt: now,
    consent: { at: now, source: 'site', formVersion: 'api', ipHash: 'x', userAgent: '', consentGiven: true },
  };
  await new KvSubscriberStore(env.CONTENT).put(id, record);
  return id;
}

function recordingMailer(failures = 0): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  let toFail = failures;
  return {
    sent,
    async send(mail) {
      if (toFail-- > 0) throw new Error('provider down');
      sent.push(mail);
    },
  };
}

describe('the mail queue consumer', () => {
  it('sends one confirmation per round and ten minutes, however many jobs arrive', async () => {
    const id = await pending(`q-${crypto.randomUUID()}@example.org`);
    const mailer = recordingMailer();
    let now = Date.now();
    const deps: MailDeps = { ...stores, secret: TEST_NEWSLETTER_SECRET, site, mailer, now: () => now };
    const job = { id, generation: 1, origin: 'https://syndication.test' };
    expect(await handleMailJob(job, deps)).toBe('sent');
    expect(await handleMailJob(job, deps)).toBe('not-due');
    now += RESEND_AFTER_MS + 1000;
    expect(await handleMailJob(job, deps)).toBe('sent');
    expect(mailer.sent).toHaveLength(2);
  });

  it('sends nothing for a confirmed address or a stale round', async () => {
    const id = await pending(`q-${crypto.randomUUID()}@example.org`);
    const deps: MailDeps = { ...stores, secret: TEST_NEWSLETTER_SECRET, site, mailer: recordingMailer() };
    expect(await handleMailJob({ id, generation: 2, origin: 'https://syndication.test' }, deps)).toBe('not-pending');
    expect(await handleMailJob({ id: 'nobody', generation: 1, origin: 'https://syndication.test' }, deps)).toBe(
      'not-pending',
    );
    expect(await handleMailJob({ nonsense: true }, deps)).toBe('invalid');
  });

  it('retries a failed send with a delay and keeps the subscriber pending', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const email = `q-${crypto.randomUUID()}@example.org`;
    const id = await pending(email);
    const mailer = recordingMailer(1);
    const deps: MailDeps = { ...stores, secret: TEST_NEWSLETTER_SECRET, site, mailer };
    const batch = createMessageBatch('newsletter-mail', [
      { id: 'm1', timestamp: new Date(), attempts: 1, body: { id, generation: 1, origin: 'https://syndication.test' } },
    ]);
    const ctx = createExecutionContext();
    await consumeMailBatch(batch, deps);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(['m1']);
    expect(result.explicitAcks).toEqual([]);
    expect((await new KvSubscriberStore(env.CONTENT).get(id))!.status).toBe('pending');

    const again = createMessageBatch('newsletter-mail', [
      { id: 'm1', timestamp: new Date(), attempts: 2, body: { id, generation: 1, origin: 'https://syndication.test' } },
    ]);
    await consumeMailBatch(again, deps);
    expect((await getQueueResult(again, createExecutionContext())).explicitAcks).toEqual(['m1']);
    expect(mailer.sent.map((m) => m.to)).toEqual([email]);
    error.mockRestore();
  });
});
