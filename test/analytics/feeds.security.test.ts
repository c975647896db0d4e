import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { seedFixtures } from '../support/fixtures';
import { admin, request } from '../support/http';
import type { HeldReport } from '../../src/analytics/report';
import { signedIn } from './dashboard-support';
import { everyAnalyticsRow, feedsJson, poll, rows, UA, watchedD1 } from './support';

// Seeding takes seconds on a busy machine; give it more than the default hook timeout.
beforeAll(seedFixtures, 60_000);

/** The held counts `unverified.json` lists for one feed. */
async function heldOn(path: string): Promise<HeldReport[]> {
  const res = await admin('GET', '/admin/analytics/unverified.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as { unverified: HeldReport[] }).unverified.filter((h) => h.path === path);
}

const readersOf = async (path: string) => (await feedsJson()).body.feeds.find((f) => f.path === path)?.readers ?? [];

describe('hostile User-Agents', () => {
  it('ignores absurd counts: they name no subscriber and leave no announcement', async () => {
    const path = '/feeds/tag/iran.rss';
    for (const count of ['99999999999', '999999999999999999999', '10000001'])
      expect(
        (await poll(path, `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${count} subscribers; )`)).status,
      ).toBe(200);
    expect(await readersOf(path)).toEqual([]);
    expect(await rows('SELECT * FROM subscriber_state WHERE path = ?', path)).toEqual([]);
    expect(await rows('SELECT requests FROM feed_daily WHERE path = ?', path)).toEqual([{ requests: 3 }]);
  });

  it('serves a 10 KB User-Agent normally and counts it as nobody', async () => {
    const path = '/feeds/tag/sanctions.atom';
    const res = await poll(path, `Mozilla/5.0 (compatible; inoreader.com; 25 subscribers) ${'x'.repeat(10_240)}`);
    expect(res.status).toBe(200);
    expect(await readersOf(path)).toEqual([]);
    expect(await everyAnalyticsRow()).not.toContain('x'.repeat(600));
  });

  it('counts a User-Agent with control characters as nobody', async () => {
    const path = '/feeds/kind/news.json';
    for (const ua of ['Feedbin feed-id:1\t - 12 subscribers', 'NetNewsWire\u007f', 'Feed\u0001bin - 4 subscribers']) {
      let headers: Headers;
      try {
        headers = new Headers({ 'user-agent': ua });
      } catch {
        continue; // a character the Fetch standard itself refuses in a header never reaches the worker
      }
      expect((await request(path, { headers })).status).toBe(200);
    }
    expect(await readersOf(path)).toEqual([]);
  });

  it('cannot forge a reader name into a formula in the CSV export', async () => {
    const path = '/feeds/kind/opinion.rss';
    await poll(path, 'Mozilla/5.0 (compatible; =HYPERLINK("http://evil.example")/1.0; 5 subscribers)');
    await poll(path, 'Mozilla/5.0 (compatible; @SUM(1+1)/2.0; 5 subscribers)');
    const csv = await (await admin('GET', '/admin/analytics/subscribers.csv?days=1')).text();
    expect(csv).not.toMatch(/(^|,)[=@+-]/m);
  });
});

describe('a jump of more than tenfold', () => {
  it('is held as unverified, and accepted once a poll an hour or more later repeats it', async () => {
    const path = '/feeds/region/north-america.rss';
    const feedbin = (n: number) => `Feedbin feed-id:77 - ${n} subscribers`;
    await poll(path, feedbin(12));
    await poll(path, feedbin(5000));
    expect(await readersOf(path)).toEqual([{ name: 'Feedbin', subscribers: 12 }]);
    expect(await rows('SELECT verified, held FROM subscriber_state WHERE path = ?', path)).toEqual([
      { verified: 12, held: 5000 },
    ]);
    // Editors see what is held, and what is shown meanwhile, in the API and on the dashboard.
    expect(await heldOn(path)).toEqual([
      { path, reader: 'Feedbin', feedId: '77', subscribers: 5000, since: expect.any(String), acceptedSubscribers: 12 },
    ]);
    const dashboard = await (await signedIn('/admin/analytics?days=1')).text();
    expect(dashboard).toContain('Counts held as unverified');
    expect(dashboard).toMatch(
      new RegExp(`<code>${path}</code></td><td>Feedbin</td><td>77</td><td class="count">5000<`),
    );
    // Repeated at once: still held (a forger can send two requests as easily as one).
    await poll(path, feedbin(5100));
    expect(await readersOf(path)).toEqual([{ name: 'Feedbin', subscribers: 12 }]);
    // The first held poll was an hour ago: the next poll within tenfold of it is accepted.
    await env.ANALYTICS.prepare('UPDATE subscriber_state SET held_at = held_at - 3600000 WHERE path = ?')
      .bind(path)
      .run();
    await poll(path, feedbin(5050));
    expect(await readersOf(path)).toEqual([{ name: 'Feedbin', subscribers: 5050 }]);
    expect(await heldOn(path)).toEqual([]);
  });

  it('holds a first count above 100 from a reader new to the feed, and accepts small first counts at once', async () => {
    const path = '/feeds/region/global.atom';
    await poll(path, UA.feedly);
    await poll(path, UA.inoreader);
    expect(await readersOf(path)).toEqual([{ name: 'Inoreader', subscribers: 25 }]);
    expect(await rows('SELECT held FROM subscriber_state WHERE path = ? AND reader = ?', path, 'Feedly')).toEqual([
      { held: 134 },
    ]);
    const [held] = await heldOn(path);
    expect(held).toMatchObject({ reader: 'Feedly', feedId: '', subscribers: 134, acceptedSubscribers: null });
    expect(Math.abs(Date.parse(held!.since) - Date.now())).toBeLessThan(60_000);
  });
});

describe('privacy', () => {
  // Fifteen polls, three widget loads and a scan of all storage: more than the default five seconds on a busy machine.
  it('keeps no client address in D1, KV or any log line, even when a write fails', { timeout: 30_000 }, async () => {
    const addresses = ['203.0.113.201', '2001:db8:feed::42', '198.51.100.99'];
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
    );
    const path = '/feeds/author/li-wei.rss';
    for (const ip of addresses) {
      for (const ua of [UA.netNewsWire, UA.firefox, UA.feedly, UA.googlebot]) await poll(path, ua, ip);
      await request('/widget/latest.json', { headers: { origin: 'https://partner.example', 'cf-connecting-ip': ip } });
    }
    await request(
      path,
      { headers: { 'user-agent': UA.miniflux, 'cf-connecting-ip': addresses[0]! } },
      {
        ANALYTICS: watchedD1(true).db,
      },
    );
    spies.forEach((s) => s.mockRestore());
    expect(logged.some((l) => l.includes('analytics.batch_lost'))).toBe(true);

    const stored = await everyAnalyticsRow();
    expect(stored).toContain('NetNewsWire');
    const kv: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await env.CONTENT.list(cursor ? { cursor } : {});
      for (const key of page.keys) kv.push(key.name, (await env.CONTENT.get(key.name)) ?? '');
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    for (const ip of addresses) {
      expect(stored).not.toContain(ip);
      expect(kv.join('\n')).not.toContain(ip);
      expect(logged.join('\n')).not.toContain(ip);
    }
  });

  it('stores a widget load under the page origin only, never its path or query', async () => {
    await request('/widget/frame', {
      headers: { referer: 'https://uni.example/research/secret-page?student=42#x' },
    });
    const origins = await rows<{ origin: string }>("SELECT origin FROM widget_daily WHERE origin LIKE '%uni.example%'");
    expect(origins).toEqual([{ origin: 'https://uni.example' }]);
    expect(await everyAnalyticsRow()).not.toContain('secret-page');
  });
});

describe('who may read the figures', () => {
  it.each(['feeds.json', 'widgets.json', 'signups.json', 'feeds.csv', 'subscribers.csv', 'widgets.csv', 'signups.csv'])(
    'answers 401 for %s without the bearer token, even with a dashboard session',
    async (name) => {
      const { signIn } = await import('./dashboard-support');
      const { cookie } = await signIn();
      const attempts: Record<string, string>[] = [
        {},
        { cookie: cookie! },
        { authorization: 'Bearer wrong-token-0123456789' },
      ];
      for (const headers of attempts) {
        const res = await request(`/admin/analytics/${name}`, { headers });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ type: '/problems/unauthorized' });
      }
    },
  );
});
