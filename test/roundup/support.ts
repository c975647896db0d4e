import { env } from 'cloudflare:workers';
import { KvSubscriberStore, subscriberId } from '../../src/newsletter/store';
import type { Subscriber } from '../../src/newsletter/schema';
import type { Article } from '../../src/schema/article';
import type { Region } from '../../src/schema/taxonomy';
import { parseWeek } from '../../src/roundup/week';
import { makeArticle } from '../support/articles';
import { TEST_NEWSLETTER_SECRET } from '../support/constants';
import { admin } from '../support/http';

/** Round-up tests use weeks of 2023, which no fixture and no other test publishes in; each test takes its own. */
export function testWeek(week: number) {
  const parsed = parseWeek(`2023-W${String(week).padStart(2, '0')}`);
  if (!parsed) throw new Error(`no such week ${week}`);
  return parsed;
}

/** Articles of one week through the publishing API, `hoursIn` after the week's Monday 00:00Z each. */
export async function publishInWeek(
  week: ReturnType<typeof testWeek>,
  specs: { kind: Article['kind']; regions: Region[]; hoursIn: number; title?: string }[],
): Promise<Article[]> {
  const articles = specs.map((s) =>
    makeArticle({
      kind: s.kind,
      regions: s.regions,
      publishedAt: new Date(week.startMs + s.hoursIn * 3_600_000).toISOString(),
      ...(s.title ? { title: s.title } : {}),
    }),
  );
  const res = await admin('POST', '/admin/articles/batch', articles);
  if (res.status !== 200) throw new Error(`publishing failed: ${res.status} ${await res.text()}`);
  return articles;
}

/** Subscribers written straight to KV (the signup path has its own tests), 100 writes at a time. */
export async function addSubscribers(
  specs: { email: string; status: Subscriber['status']; regions: Region[] }[],
): Promise<string[]> {
  const store = new KvSubscriberStore(env.CONTENT);
  const now = new Date().toISOString();
  const ids: string[] = [];
  for (let i = 0; i < specs.length; i += 100) {
    ids.push(
      ...(await Promise.all(
        specs.slice(i, i + 100).map(async (s) => {
          const id = await subscriberId(TEST_NEWSLETTER_SECRET, s.email);
          await store.put(id, {
            email: s.email,
            regions: s.regions,
            status: s.status,
            generation: 1,
            createdAt: now,
            ...(s.status === 'confirmed' ? { confirmedAt: now } : {}),
            ...(s.status === 'unsubscribed' ? { unsubscribedAt: now } : {}),
            consent: { at: now, source: 'test', formVersion: 'api', ipHash: 'x', userAgent: '', consentGiven: true },
          });
          return id;
        }),
      )),
    );
  }
  return ids;
}

export interface Delivered {
  to: string;
  subject: string;
  key: string;
  requests: number;
}

/** What the round-up email API stand-in delivered for one issue (its Idempotency-Keys name the issue). */
export async function deliveredFor(issue: string): Promise<Delivered[]> {
  const all = (await (await fetch('https://standins.test/delivered?host=roundup-mail.test')).json()) as Delivered[];
  return all.filter((d) => d.key.startsWith(`roundup-${issue}-`));
}

/** The request bodies the round-up email API stand-in kept (the first few hundred). */
export async function roundupRequests(): Promise<{ body: string }[]> {
  return (await fetch('https://standins.test/received?host=roundup-mail.test')).json();
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function issueStatus(id: string) {
  const res = await admin('GET', `/admin/roundup/issues/${id}`);
  return (await res.json()) as {
    status: string;
    recipients: number;
    queued: number;
    sent: number;
    failed: number;
    skipped: number;
    fanOutComplete: boolean;
  };
}
