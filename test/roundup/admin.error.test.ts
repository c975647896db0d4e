import { createMessageBatch, getQueueResult, createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../src/index';
import { weekOf } from '../../src/roundup/week';
import { failingKv } from '../support/failing-kv';
import { admin, request } from '../support/http';
import { subscribeJson, uniqueEmail, waitForMail } from '../support/newsletter';
import { publishInWeek, testWeek } from './support';

const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; detail?: string; errors?: { pointer: string; detail: string }[] };
};

describe('building: bad requests', () => {
  it('rejects a week that is not an ISO week, and one later than the current week', async () => {
    const bad = await admin('POST', '/admin/roundup/issues?week=2023-W54');
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([{ pointer: '?week', detail: expect.stringContaining('ISO week') }]);
    const next = weekOf(Date.now() + 8 * 86_400_000).id;
    const later = await admin('POST', `/admin/roundup/issues?week=${next}`);
    expect(later.status).toBe(400);
    expect((await problemOf(later)).errors?.[0]?.detail).toMatch(/later than the current week/);
  });

  it('answers 404 for an issue that was never built, or an id that is not a week', async () => {
    for (const path of [
      '/admin/roundup/issues/2023-W40',
      '/admin/roundup/issues/latest',
      '/admin/roundup/issues/2023-W40/preview',
    ]) {
      const res = await admin('GET', path);
      expect(res.status).toBe(404);
      expect((await problemOf(res)).detail).toMatch(/build it with POST/);
    }
    expect((await admin('POST', '/admin/roundup/issues/2023-W40/send')).status).toBe(404);
  });

  it('refuses to send an issue with no articles', async () => {
    const week = testWeek(41);
    expect((await admin('POST', `/admin/roundup/issues?week=${week.id}`)).status).toBe(201);
    const res = await admin('POST', `/admin/roundup/issues/${week.id}/send`);
    expect(res.status).toBe(409);
    expect((await problemOf(res)).detail).toMatch(/nothing to send/);
  });

  it('answers 400 for preview regions that are not regions', async () => {
    const week = testWeek(42);
    await publishInWeek(week, [{ kind: 'analysis', regions: ['europe'], hoursIn: 1 }]);
    await admin('POST', `/admin/roundup/issues?week=${week.id}`);
    const res = await admin('GET', `/admin/roundup/issues/${week.id}/preview?regions=europe,atlantis`);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors?.[0]?.pointer).toBe('?regions');
    expect((await admin('GET', `/admin/roundup/issues/${week.id}/preview?regions=europe`)).status).toBe(200);
  });
});

describe('the note: bad requests', () => {
  const path = `/admin/roundup/issues/${testWeek(43).id}/note`;

  it('answers 415 for a body that is not JSON and 400 for JSON that does not parse', async () => {
    expect((await admin('PUT', path, 'note', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await admin('PUT', path, '{"note":', { 'content-type': 'application/json' })).status).toBe(400);
  });

  it('answers 422 naming the field for a note too long or an unknown field, and accepts 4000 characters', async () => {
    const long = await admin('PUT', path, { note: 'x'.repeat(4001) });
    expect(long.status).toBe(422);
    expect((await problemOf(long)).errors?.[0]?.pointer).toBe('#/note');
    const extra = await admin('PUT', path, { note: 'ok', pinned: true });
    expect(extra.status).toBe(422);
    expect((await admin('PUT', path, { note: 'x'.repeat(4000) })).status).toBe(200);
    expect((await admin('PUT', path, { note: null })).status).toBe(200);
  });

  it('answers 404 for an id that is not a week', async () => {
    expect((await admin('PUT', '/admin/roundup/issues/next/note', { note: 'x' })).status).toBe(404);
  });
});

describe('after sending begins', () => {
  it('keeps the issue as sent: a rebuild answers 200 unchanged and the note is final (409)', async () => {
    const week = testWeek(44);
    await publishInWeek(week, [{ kind: 'analysis', regions: ['europe'], hoursIn: 1 }]);
    await admin('POST', `/admin/roundup/issues?week=${week.id}`);
    expect((await admin('POST', `/admin/roundup/issues/${week.id}/send`)).status).toBe(202);
    await publishInWeek(week, [{ kind: 'analysis', regions: ['europe'], hoursIn: 2 }]);
    const rebuild = await admin('POST', `/admin/roundup/issues?week=${week.id}`);
    expect(rebuild.status).toBe(200);
    expect(await rebuild.json()).toMatchObject({ id: week.id, articles: 1 });
    const note = await admin('PUT', `/admin/roundup/issues/${week.id}/note`, { note: 'Too late' });
    expect(note.status).toBe(409);
  });
});

describe('pages and storage failures', () => {
  it('answers a readable 404 page for an issue that does not exist', async () => {
    for (const path of ['/newsletter/issues/2023-W39', '/newsletter/issues/latest']) {
      const res = await request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('No such issue');
    }
  });

  it('answers 503 with Retry-After when storage is down, for the archive, the feed and the admin API', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const path of ['/newsletter/issues', '/newsletter/issues/2023-W05', '/feeds/roundup.rss']) {
      const res = await request(path, {}, { CONTENT: failingKv() });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).not.toBeNull();
    }
    vi.restoreAllMocks();
  });
});

describe('the development outbox as JSON', () => {
  it('lists kept mail newest first with to, subject, headers, text, html and at', async () => {
    const email = uniqueEmail('outbox-json');
    await subscribeJson({ email });
    await waitForMail(email);
    const res = await request('/dev/outbox.json?limit=1000', {}, { ENVIRONMENT: 'development' });
    expect(res.status).toBe(200);
    const { mails } = (await res.json()) as { mails: Record<string, unknown>[] };
    const mine = mails.find((m) => m.to === email.replace('Example.ORG', 'example.org'))!;
    expect(Object.keys(mine).sort()).toEqual(['at', 'headers', 'html', 'subject', 'text', 'to']);
    expect((mine.headers as Record<string, string>)['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const dates = mails.map((m) => Date.parse(m.at as string));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const one = (await (await request('/dev/outbox.json?limit=1', {}, { ENVIRONMENT: 'development' })).json()) as {
      mails: unknown[];
    };
    expect(one.mails).toHaveLength(1);
  });

  it('answers 400 for a limit outside 1–1000, and 404 outside development', async () => {
    for (const limit of ['0', '1001', 'ten', '2.5']) {
      const res = await request(`/dev/outbox.json?limit=${limit}`, {}, { ENVIRONMENT: 'development' });
      expect(res.status).toBe(400);
    }
    expect((await request('/dev/outbox.json')).status).toBe(404);
    expect((await request('/dev/outbox.json?limit=0', {}, { ENVIRONMENT: 'production' })).status).toBe(404);
  });
});

describe('the consumer and bad messages', () => {
  it('acknowledges messages it cannot use instead of retrying them forever', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const batch = createMessageBatch('roundup-send', [
      { id: 'a', timestamp: new Date(), attempts: 1, body: { t: 'deliver', issue: 'nonsense', sub: 'x' } },
      { id: 'b', timestamp: new Date(), attempts: 1, body: { t: 'deliver', issue: '2023-W38', sub: 'nobody' } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['a', 'b']);
    expect(result.retryMessages).toEqual([]);
    vi.restoreAllMocks();
  });
});
