import { beforeAll, describe, expect, it, vi } from 'vitest';
import { seedFixtures } from '../support/fixtures';
import { admin, request } from '../support/http';
import { poll, rows, UA, watchedD1 } from './support';

// Seeding takes seconds on a busy machine; give it more than the default hook timeout.
beforeAll(seedFixtures, 60_000);

describe('the window of a report', () => {
  it.each(['0', '401', '-1', 'abc', '1.5', '', '1e2', '0030'])(
    'answers 400 with a problem document for days=%s',
    async (days) => {
      const res = await admin('GET', `/admin/analytics/feeds.json?days=${encodeURIComponent(days)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const body = (await res.json()) as { type: string; errors: { pointer: string }[] };
      expect(body.type).toBe('/problems/bad-request');
      expect(body.errors.map((e) => e.pointer)).toEqual(['?days']);
    },
  );

  it('accepts days=400 and days=1, the two ends of the range', async () => {
    for (const days of ['400', '1'])
      expect((await admin('GET', `/admin/analytics/feeds.json?days=${days}`)).status).toBe(200);
  });

  it('answers 400 for an unknown parameter on every report and export', async () => {
    for (const name of [
      'feeds.json',
      'widgets.json',
      'signups.json',
      'unverified.json',
      'feeds.csv',
      'subscribers.csv',
      'widgets.csv',
      'signups.csv',
    ]) {
      const res = await admin('GET', `/admin/analytics/${name}?day=3`);
      expect(res.status, name).toBe(400);
      expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('?day');
    }
  });

  it('answers the dashboard with a readable 400 page for a bad window', async () => {
    // The session cookie is tested in dashboard.security.test.ts; here only the window matters.
    const { signedIn } = await import('./dashboard-support');
    const res = await signedIn('/admin/analytics?days=nine');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('whole number of days');
  });
});

describe('D1 failing', () => {
  it('serves every feed as usual, logs the lost batch, and loses nothing after it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const path = '/feeds/region/latin-america.atom';
    const before = await poll(path, UA.feedbin);
    const expected = await before.text();
    const broken = watchedD1(true);
    const during = await request(path, { headers: { 'user-agent': UA.feedbin } }, { ANALYTICS: broken.db });
    expect(during.status).toBe(200);
    expect(await during.text()).toBe(expected);
    const logged = error.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ event: 'analytics.batch_lost', feeds: 1, announcements: 1, clients: 0 }),
    );
    error.mockRestore();
    await poll(path, UA.feedbin);
    // The first and the third request landed; the second was the one lost batch.
    expect(await rows('SELECT requests FROM feed_daily WHERE path = ?', path)).toEqual([{ requests: 2 }]);
  });

  it('answers 503 with Retry-After when a report cannot read D1', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request(
      '/admin/analytics/feeds.json?days=7',
      { headers: { authorization: `Bearer ${(await import('../support/constants')).TEST_ADMIN_TOKEN}` } },
      { ANALYTICS: watchedD1(true).db },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ type: '/problems/unavailable', status: 503 });
    error.mockRestore();
  });

  it('serves feeds without counting when the database binding is missing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request('/feeds/all.json', { headers: { 'user-agent': UA.feedly } }, { ANALYTICS: undefined });
    expect(res.status).toBe(200);
    expect(await rows("SELECT * FROM feed_daily WHERE path = '/feeds/all.json'")).toEqual([]);
    error.mockRestore();
  });
});

describe('what is not counted', () => {
  it('keeps no row for unknown feeds, errors, or pages that are not feeds', async () => {
    await poll('/feeds/region/atlantis.rss', UA.feedly);
    await poll('/feeds/all.rss?limit=0', UA.feedly);
    await poll('/feeds/region/europe', UA.netNewsWire);
    await request('/feeds/all.rss', { method: 'POST' });
    expect(
      await rows("SELECT path FROM feed_daily WHERE path LIKE '%atlantis%' OR path = '/feeds/region/europe'"),
    ).toEqual([]);
  });
});
