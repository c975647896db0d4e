import { env } from 'cloudflare:workers';
import { OutboxEntry } from '../../src/newsletter/mail-store';
import { KvSubscriberStore, subscriberId } from '../../src/newsletter/store';
import { TEST_NEWSLETTER_SECRET } from './constants';
import { ORIGIN, request } from './http';

let ip = 0;
/** A fresh client address per call, so the per-IP rate limit only bites where a test wants it to. */
export const freshIp = () => `2001:db8::${(ip++).toString(16)}`;

export const uniqueEmail = (label = 'reader') => `${label}.${crypto.randomUUID().slice(0, 8)}@Example.ORG`;

export function subscribeJson(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return request('/newsletter/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp(), ...headers },
    body: JSON.stringify({ consent: true, ...body }),
  });
}

export function subscribeForm(fields: [string, string][], headers: Record<string, string> = {}): Promise<Response> {
  return request('/newsletter/subscribe', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      'cf-connecting-ip': freshIp(),
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

export async function storedSubscriber(email: string) {
  const normalized = email.replace(/@(.*)$/, (_, d: string) => `@${d.toLowerCase()}`);
  return new KvSubscriberStore(env.CONTENT).get(await subscriberId(TEST_NEWSLETTER_SECRET, normalized));
}

/** Mail in the development outbox addressed to `to`, oldest first. */
export async function outboxFor(to: string) {
  const normalized = to.replace(/@(.*)$/, (_, d: string) => `@${d.toLowerCase()}`);
  const { keys } = await env.CONTENT.list({ prefix: 'outbox:' });
  const mails = [];
  for (const k of keys) {
    const mail = OutboxEntry.parse(await env.CONTENT.get(k.name, 'json'));
    if (mail.to === normalized) mails.push(mail);
  }
  return mails.reverse();
}

/** Waits for the mail queue consumer to deliver `count` mails to `to` (the local queue batches for up to a second). */
export async function waitForMail(to: string, count = 1, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mails = await outboxFor(to);
    if (mails.length >= count || Date.now() > until) return mails;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const linkFrom = (text: string, path: string) => new RegExp(`${ORIGIN}${path}\\?token=[\\w.-]+`).exec(text)?.[0];

/** Confirms `email` the way a reader does: the confirmation mail's link, then the page's Confirm button (a POST). */
export async function confirmFromMail(email: string): Promise<Response> {
  const [mail] = await waitForMail(email);
  const token = new URL(linkFrom(mail!.text, '/newsletter/confirm')!).searchParams.get('token')!;
  return request('/newsletter/confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${token}`,
  });
}
