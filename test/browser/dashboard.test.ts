/** The editors' analytics dashboard (GET /admin/analytics) in Chromium: sign-in, charts, sign-out. */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { applyLocalMigrations } from '../../scripts/lib/d1-migrations';
import { useChromium } from './browser';
import './context';

const worker = inject('workerOrigin');
const chromium = useChromium();
let token = '';

/** A reader name of this run only, so the figures cannot come from an earlier run's local D1. */
const PROBE = `Probe${Date.now().toString(36)}`;
const PARTNER_LOADS = 40;
const READERS = [
  `Mozilla/5.0 (compatible; ${PROBE}/1.0; 3 subscribers)`,
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 64 subscribers; )',
  'Mozilla/5.0 (compatible; inoreader.com; 25 subscribers)',
  'Feedbin feed-id:4242 - 12 subscribers',
  'NewsBlur Feed Fetcher - 7 subscribers - https://www.newsblur.com/site/6000123/name (Mozilla/5.0)',
  'NetNewsWire (RSS Reader; https://netnewswire.com/)',
];

beforeAll(async () => {
  token = /^ADMIN_TOKEN=(.+)$/m.exec(await readFile('.dev.vars', 'utf8'))?.[1]?.trim() ?? '';
  // The global setup started `wrangler dev`; the local D1 gets its schema as `npm start` gives it.
  await applyLocalMigrations();
}, 120_000);

describe('the analytics dashboard', () => {
  it('shows polls in the figures within 30 seconds', { timeout: 40_000 }, async () => {
    const started = Date.now();
    for (const path of ['/feeds/all.rss', '/feeds/region/europe.atom'])
      for (const ua of READERS) await fetch(`${worker}${path}`, { headers: { 'user-agent': ua } });
    // More loads than any other test's page makes: the chart shows the fifteen partners with most loads, and the
    // browser tests' own pages (one origin per port) would otherwise outnumber a single load.
    for (let i = 0; i < PARTNER_LOADS; i++)
      await fetch(`${worker}/widget/latest.json`, { headers: { origin: 'https://thinktank.example' } });
    await expect
      .poll(
        async () => {
          const res = await fetch(`${worker}/admin/analytics/feeds.json?days=1`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = (await res.json()) as { feeds: { path: string; readers: { name: string }[] }[] };
          return body.feeds.find((f) => f.path === '/feeds/all.rss')?.readers.map((r) => r.name) ?? [];
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toEqual(expect.arrayContaining([PROBE, 'Feedly', 'Inoreader', 'Feedbin', 'NewsBlur', 'NetNewsWire']));
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('signs in with the token typed once, keeps only an HttpOnly cookie, draws the charts, and signs out', async () => {
    const { page, logs } = await chromium.open(`${worker}/admin/analytics`);
    expect(new URL(page.url()).pathname).toBe('/admin/analytics/sign-in');
    await page.fill('input[name="token"]', token);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${worker}/admin/analytics`);

    const [cookie] = await page.context().cookies(`${worker}/admin/analytics`);
    expect(cookie).toMatchObject({ name: 'analytics_session', httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(cookie!.value).not.toContain(token);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate(() => JSON.stringify(localStorage))).toBe('{}');
    expect(page.url()).not.toContain(token);

    await expect.poll(() => page.locator('svg.chart').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('figcaption', { hasText: '/feeds/all.rss' }).textContent()).toMatch(/subscribers/);
    const bars = page.locator('svg[aria-label="Subscribers of /feeds/all.rss per day, by reader"] rect');
    expect(await bars.count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('svg[aria-label="Widget loads by partner origin"]').textContent()).toContain(
      'https://thinktank.example',
    );
    await page.screenshot({ path: 'test-results/analytics-dashboard.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/analytics-dashboard-dark.png', fullPage: true });

    await page.click('form[action="/admin/analytics/sign-out"] button');
    await page.waitForURL(`${worker}/admin/analytics/sign-in`);
    expect(await page.context().cookies(`${worker}/admin/analytics`)).toEqual([]);
    await page.goto(`${worker}/admin/analytics`);
    expect(new URL(page.url()).pathname).toBe('/admin/analytics/sign-in');
    // No CSP violation, no script error: the charts need neither inline styles nor scripts.
    expect(logs.errors).toEqual([]);
    await page.close();
  });

  it('refuses a wrong token on the form without setting a cookie', async () => {
    const { page } = await chromium.open(`${worker}/admin/analytics/sign-in`);
    await page.fill('input[name="token"]', 'not-the-token-0123456789');
    await page.click('button[type="submit"]');
    await expect.poll(() => page.locator('[role="alert"]').textContent()).toContain('That token is not right.');
    expect(await page.context().cookies(`${worker}/admin/analytics`)).toEqual([]);
    await page.screenshot({ path: 'test-results/analytics-sign-in-refused.png' });
    await page.close();
  });
});
