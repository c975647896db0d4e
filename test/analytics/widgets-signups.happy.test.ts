import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { ANALYTICS_PRUNE_CRON } from '../../src/analytics/retention';
import { seedFixtures } from '../support/fixtures';
import { admin, request } from '../support/http';
import { subscribeJson, uniqueEmail } from '../support/newsletter';
import { signedIn } from './dashboard-support';
import { poll, rows, today, UA, watchedD1 } from './support';

// Seeding takes seconds on a busy machine; give it more than the default hook timeout.
beforeAll(seedFixtures, 60_000);

describe('widget loads', () => {
  it('counts loads per partner origin, from Origin or else Referer', async () => {
    await request('/widget/latest.json?region=europe', { headers: { origin: 'https://thinktank.example' } });
    await request('/widget/latest.json?limit=3', { headers: { origin: 'https://thinktank.example' } });
    await request('/widget/frame', { headers: { referer: 'https://uni.example/page' } });
    await request('/widget/frame?theme=dark');
    await request('/widget.js', { headers: { origin: 'https://thinktank.example' } });
    const res = await admin('GET', '/admin/analytics/widgets.json?days=7');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { from: string; to: string; origins: { origin: string; loads: number }[] };
    expect(body.to).toBe(today());
    expect(body.origins).toEqual([
      { origin: 'https://thinktank.example', loads: 2 },
      { origin: '(direct)', loads: 1 },
      { origin: 'https://uni.example', loads: 1 },
    ]);
  });
});

describe('signups', () => {
  it('counts accepted signups per source, and not the refused ones', async () => {
    expect((await subscribeJson({ email: uniqueEmail(), source: 'thinktank-example' })).status).toBe(202);
    expect((await subscribeJson({ email: uniqueEmail(), source: 'thinktank-example' })).status).toBe(202);
    expect((await subscribeJson({ email: uniqueEmail() })).status).toBe(202);
    expect((await subscribeJson({ email: 'not-an-address', source: 'thinktank-example' })).status).toBe(422);
    const body = (await (await admin('GET', '/admin/analytics/signups.json')).json()) as {
      sources: { source: string; signups: number }[];
    };
    expect(body.sources).toEqual([
      { source: 'thinktank-example', signups: 2 },
      { source: 'site', signups: 1 },
    ]);
    expect(await rows('SELECT source, signups FROM signup_daily ORDER BY source')).toEqual([
      { source: 'site', signups: 1 },
      { source: 'thinktank-example', signups: 2 },
    ]);
  });
});

describe('batches', () => {
  it('gathers the events of many requests into one D1 write, made after the responses', async () => {
    const watched = watchedD1();
    const bindings = { ANALYTICS: watched.db, ANALYTICS_FLUSH_MS: '300' };
    const path = '/feeds/kind/brief.rss';
    const responses = await Promise.all(
      [UA.feedbin, UA.netNewsWire, UA.inoreader, UA.googlebot].map((ua) =>
        request(path, { headers: { 'user-agent': ua } }, bindings),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(watched.batches()).toBe(1);
    expect(await rows('SELECT requests FROM feed_daily WHERE path = ?', path)).toEqual([{ requests: 4 }]);
  });
});

describe('exports and the dashboard', () => {
  it('exports the daily rollups as CSV, one file per kind', async () => {
    const path = '/feeds/tag/china.rss';
    await poll(path, UA.feedbin);
    const feeds = await admin('GET', '/admin/analytics/feeds.csv?days=2');
    expect(feeds.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(feeds.headers.get('content-disposition')).toMatch(
      /^attachment; filename="feeds-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const lines = (await feeds.text()).split('\r\n');
    expect(lines[0]).toBe('day,path,requests,notModified,bytesSent,bytesSaved');
    expect(lines.find((l) => l.includes(path))).toMatch(new RegExp(`^${today()},${path},1,0,\\d+,0$`));
    const subscribers = await (await admin('GET', '/admin/analytics/subscribers.csv')).text();
    expect(subscribers).toContain(`${today()},${path},Feedbin,12,announced\r\n`);
    expect(await (await admin('GET', '/admin/analytics/widgets.csv')).text()).toMatch(/^day,origin,loads\r\n/);
    expect(await (await admin('GET', '/admin/analytics/signups.csv')).text()).toMatch(/^day,source,signups\r\n/);
  });

  it('draws the charts from the figures', async () => {
    await poll('/feeds/all.rss', UA.feedbin);
    await poll('/feeds/all.rss', UA.netNewsWire);
    const res = await signedIn('/admin/analytics?days=7');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<code>/feeds/all.rss</code>: 13 subscribers');
    expect(page).toMatch(/<svg class="chart"[^>]*aria-label="Subscribers of \/feeds\/all.rss per day, by reader"/);
    expect(page).toContain(`<title>${today()} · Feedbin: 12</title>`);
    expect(page).toContain(`<title>${today()} · NetNewsWire: 1</title>`);
    expect(page).toContain('aria-label="Feed requests per day: full answers and 304s"');
    expect(page).not.toMatch(/style=|<script>/);
  });
});

describe('retention', () => {
  it('prunes daily rows older than 13 months and client hashes of past days on the daily trigger', async () => {
    const db = env.ANALYTICS;
    await db.batch([
      db.prepare("INSERT INTO feed_daily (day, path, requests) VALUES ('2000-01-01', '/feeds/old.rss', 5)"),
      db.prepare(
        `INSERT INTO feed_daily (day, path, requests) VALUES (date('now', '-12 months'), '/feeds/kept.rss', 5)`,
      ),
      db.prepare(
        "INSERT INTO client_seen (day, path, reader, client) VALUES ('2000-01-01', '/feeds/old.rss', 'Other', 'ab')",
      ),
      db.prepare(
        `INSERT INTO client_seen (day, path, reader, client) VALUES (date('now', '-1 day'), '/feeds/x.rss', 'Other', 'cd')`,
      ),
      db.prepare("INSERT INTO widget_daily (day, origin, loads) VALUES ('2000-01-01', 'https://old.example', 1)"),
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: ANALYTICS_PRUNE_CRON }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await rows("SELECT path FROM feed_daily WHERE path IN ('/feeds/old.rss', '/feeds/kept.rss')")).toEqual([
      { path: '/feeds/kept.rss' },
    ]);
    expect(await rows("SELECT * FROM client_seen WHERE day < date('now')")).toEqual([]);
    // Counted once, when first seen: the daily count outlives the hashes.
    expect(await rows("SELECT clients FROM client_daily WHERE path = '/feeds/x.rss'")).toEqual([{ clients: 1 }]);
    expect(await rows("SELECT * FROM widget_daily WHERE origin = 'https://old.example'")).toEqual([]);
  });

  it('logs a failed prune and lets the taxonomy trigger run as before', async () => {
    const ctx = createExecutionContext();
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    await worker.scheduled(
      createScheduledController({ cron: ANALYTICS_PRUNE_CRON }),
      { ...env, ANALYTICS: watchedD1(true).db },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    console.error = original;
    expect(errors.map((e) => JSON.parse(e) as { event: string })).toEqual([
      expect.objectContaining({ event: 'analytics.prune_failed' }),
    ]);
  });
});
