import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { request } from '../support/http';
import {
  confirmFromMail,
  linkFrom,
  storedSubscriber,
  subscribeForm,
  subscribeJson,
  uniqueEmail,
  waitForMail,
} from '../support/newsletter';

describe('newsletter signup, double opt-in', () => {
  it('answers a JSON signup with 202 pending, stores a pending record and sends one confirmation', async () => {
    const email = uniqueEmail();
    const res = await subscribeJson(
      { email, name: 'Ada', regions: ['europe', 'africa'], source: 'thinktank-example' },
      { 'user-agent': 'Test/1.0' },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending' });
    const stored = await storedSubscriber(email);
    expect(stored).toMatchObject({ status: 'pending', name: 'Ada', regions: ['europe', 'africa'], generation: 1 });
    expect(stored!.email).toBe(email.replace('Example.ORG', 'example.org'));
    expect(stored!.consent).toMatchObject({
      source: 'thinktank-example',
      formVersion: 'api',
      userAgent: 'Test/1.0',
      consentGiven: true,
    });
    expect(stored!.consent.ipHash).toMatch(/^[\w-]{22}$/);

    const [mail] = await waitForMail(email);
    expect(mail!.subject).toContain('Confirm your subscription');
    expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail!.headers['List-Unsubscribe']).toMatch(
      /^<https:\/\/syndication\.test\/newsletter\/unsubscribe\?token=[\w.-]+>$/,
    );
  });

  it('confirms only on POST: the link shows a page with a button, the button confirms', async () => {
    const email = uniqueEmail();
    await subscribeJson({ email });
    const [mail] = await waitForMail(email);
    const link = linkFrom(mail!.text, '/newsletter/confirm')!;

    const page = await request(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/newsletter/confirm">');
    expect((await storedSubscriber(email))!.status).toBe('pending');

    const token = new URL(link).searchParams.get('token')!;
    const res = await request('/newsletter/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    expect(res.status).toBe(200);
    const stored = await storedSubscriber(email);
    expect(stored).toMatchObject({ status: 'confirmed' });
    expect(stored!.consent.confirmedAt).toBe(stored!.confirmedAt);
  });

  it('redirects a form post to the thank-you page with 303', async () => {
    const res = await subscribeForm([
      ['email', uniqueEmail()],
      ['consent', 'on'],
      ['regions', 'europe'],
      ['regions', 'global'],
    ]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/newsletter/thanks');
    expect((await request('/newsletter/thanks')).status).toBe(200);
  });

  it('unsubscribes at once with a one-click POST (RFC 8058), and re-subscribing needs a new confirmation', async () => {
    const email = uniqueEmail();
    await subscribeJson({ email });
    const [mail] = await waitForMail(email);
    const unsubscribe = mail!.headers['List-Unsubscribe']!.slice(1, -1);
    const res = await request(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect((await storedSubscriber(email))!.status).toBe('unsubscribed');

    const oldConfirm = new URL(linkFrom(mail!.text, '/newsletter/confirm')!).searchParams.get('token')!;
    await subscribeJson({ email });
    expect(await storedSubscriber(email)).toMatchObject({ status: 'pending', generation: 2 });
    const again = await request('/newsletter/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${oldConfirm}`,
    });
    expect(again.status).toBe(400);
    expect((await storedSubscriber(email))!.status).toBe('pending');
    const mails = await waitForMail(email, 2);
    expect(mails).toHaveLength(2);
  });

  it('shows an unsubscribe page with a button on GET, changing nothing', async () => {
    const email = uniqueEmail();
    await subscribeJson({ email });
    const [mail] = await waitForMail(email);
    const page = await request(mail!.headers['List-Unsubscribe']!.slice(1, -1));
    expect(await page.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect((await storedSubscriber(email))!.status).toBe('pending');
  });

  it('answers identically for a new, pending, confirmed and unsubscribed address', async () => {
    const email = uniqueEmail();
    const answers: string[] = [];
    const snapshot = async (res: Response) =>
      answers.push(`${res.status} ${res.headers.get('content-type')} ${await res.text()}`);
    await snapshot(await subscribeJson({ email }));
    await snapshot(await subscribeJson({ email }));
    await confirmFromMail(email);
    await snapshot(await subscribeJson({ email }));
    expect(new Set(answers).size).toBe(1);
    expect((await storedSubscriber(email))!.status).toBe('confirmed');
  });

  it('re-sends the confirmation of a pending address at most once per ten minutes', async () => {
    const email = uniqueEmail();
    await subscribeJson({ email });
    await waitForMail(email);
    await subscribeJson({ email });
    await subscribeJson({ email });
    expect(await waitForMail(email, 2, 3000)).toHaveLength(1);
  });

  it('stores exactly 200 records for 200 concurrent signups of different addresses', async () => {
    const emails = Array.from({ length: 200 }, () => uniqueEmail('crowd'));
    const statuses = await Promise.all(emails.map(async (email) => (await subscribeJson({ email })).status));
    expect(statuses.filter((s) => s === 202)).toHaveLength(200);
    const stored = await Promise.all(emails.map(storedSubscriber));
    expect(stored.filter((s) => s?.status === 'pending')).toHaveLength(200);
  });

  it(
    'keeps one record and sends at most one email for 20 concurrent signups of one address',
    { timeout: 30_000 },
    async () => {
      const email = uniqueEmail('rush');
      const statuses = await Promise.all(
        Array.from({ length: 20 }, async () => (await subscribeJson({ email })).status),
      );
      expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
      const { keys } = await env.CONTENT.list({ prefix: 'sub:' });
      const mine = (
        await Promise.all(keys.map(async (k) => ((await env.CONTENT.get(k.name, 'json')) as { email: string }).email))
      ).filter((e) => e === email.replace('Example.ORG', 'example.org'));
      expect(mine).toHaveLength(1);
      // The queue may still be working through earlier tests' mail: wait for the first, then for a second that must not come.
      expect(await waitForMail(email, 1, 20_000)).toHaveLength(1);
      expect(await waitForMail(email, 2, 2500)).toHaveLength(1);
    },
  );
});

describe('preferences and export', () => {
  it(
    'changes regions with a preferences token from the export, and exports every confirmed subscriber',
    { timeout: 30_000 },
    async () => {
      const email = uniqueEmail('export');
      await subscribeJson({ email, regions: ['europe'] });
      await confirmFromMail(email);

      const { admin } = await import('../support/http');
      const ndjson = await (await admin('GET', '/admin/subscribers?status=confirmed&format=ndjson')).text();
      const rows = ndjson
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { email: string; status: string; preferencesToken: string; unsubscribeUrl: string },
        );
      expect(rows.every((r) => r.status === 'confirmed')).toBe(true);
      const row = rows.find((r) => r.email === email.replace('Example.ORG', 'example.org'))!;
      expect(row.unsubscribeUrl).toMatch(/\/newsletter\/unsubscribe\?token=/);

      const res = await request('/newsletter/preferences', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: row.preferencesToken, regions: ['asia-pacific', 'global'] }),
      });
      expect(res.status).toBe(200);
      expect((await storedSubscriber(email))!.regions).toEqual(['asia-pacific', 'global']);

      const csv = await admin('GET', '/admin/subscribers?status=confirmed&format=csv');
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toMatch(/^email,name,status,regions,/);
      expect(lines.length - 1).toBe(rows.length);
      expect(
        lines.some(
          (l) => l.startsWith(`${email.replace('Example.ORG', 'example.org')},`) && l.includes('asia-pacific global'),
        ),
      ).toBe(true);
    },
  );
});
