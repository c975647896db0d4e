/**
 * The weekly round-up in Chromium: the archive and an issue as pages of the site, read with no script at all, and the
 * email preview editors open before sending. Screenshots land in test-results/.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useChromium } from './browser';
import './context';

const worker = inject('workerOrigin');
const chromium = useChromium();
let authorization = '';

/** Issues of the fixtures' last two weeks, as the cron would build them, with a note on the newest. */
beforeAll(async () => {
  const token = /^ADMIN_TOKEN=(.+)$/m.exec(await readFile('.dev.vars', 'utf8'))?.[1]?.trim();
  authorization = `Bearer ${token}`;
  for (const week of ['2026-W47', '2026-W48']) {
    const res = await fetch(`${worker}/admin/roundup/issues?week=${week}`, {
      method: 'POST',
      headers: { authorization },
    });
    expect([200, 201]).toContain(res.status);
  }
  await fetch(`${worker}/admin/roundup/issues/2026-W48/note`, {
    method: 'PUT',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'Trade and grain this week.\n\nBack to long reads on Friday.' }),
  });
});

/** Scripts blocked outright: what a reader with JavaScript off sees. */
const noScript = (page: import('playwright-core').Page) => page.route('**/*.js', (route) => route.abort());

describe('the round-up archive', () => {
  it('lists the issues and leads to one, readable without JavaScript', async () => {
    const { page, logs } = await chromium.open(`${worker}/newsletter/issues`, noScript);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Meridian Review weekly round-up');
    const links = page.locator('main li a');
    expect(await links.allTextContents()).toEqual(
      expect.arrayContaining(['23–29 November 2026', '16–22 November 2026']),
    );
    await page.screenshot({ path: 'test-results/roundup-archive.png', fullPage: true });
    await page.getByRole('link', { name: '23–29 November 2026' }).click();
    await page.waitForURL(`${worker}/newsletter/issues/2026-W48`);
    expect(await page.locator('h1').textContent()).toBe('Meridian Review weekly round-up: 23–29 November 2026');
    expect(await page.locator('section.note p').allTextContents()).toEqual([
      'Trade and grain this week.',
      'Back to long reads on Friday.',
    ]);
    expect(await page.locator('h2').allTextContents()).toEqual(['From the editors', 'News briefs']);
    expect(await page.locator('main section li a').count()).toBe(2);
    // Styled by the site's stylesheet: the page is part of the site, not a bare document.
    expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/roundup-issue.png', fullPage: true });
    expect(logs.errors.filter((e) => !/ERR_FAILED|net::/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('the email preview', () => {
  it('renders one reader’s email with its inline styles and no console errors', async () => {
    const { page, logs } = await chromium.open(`${worker}/admin/roundup/issues/2026-W47/preview`, (p) =>
      p.setExtraHTTPHeaders({ authorization }),
    );
    expect(await page.locator('h1').textContent()).toBe('Meridian Review weekly round-up: 16–22 November 2026');
    expect(await page.locator('h2').allTextContents()).toEqual(['Global']);
    // Inline styles apply: the preview's policy allows them, where the site's pages allow none.
    expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).fontSize)).toBe('24px');
    expect(await page.getByRole('link', { name: 'Unsubscribe' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Choose your regions' }).count()).toBe(1);
    await page.screenshot({ path: 'test-results/roundup-email-preview.png', fullPage: true });
    expect(logs.errors).toEqual([]);
    await page.close();
  });

  it('narrows to the regions asked for', async () => {
    const { page } = await chromium.open(`${worker}/admin/roundup/issues/2026-W48/preview?regions=europe`, (p) =>
      p.setExtraHTTPHeaders({ authorization }),
    );
    expect(await page.locator('h2').allTextContents()).toEqual(['From the editors', 'News briefs']);
    await page.close();
    const asia = await chromium.open(`${worker}/admin/roundup/issues/2026-W48/preview?regions=latin-america`, (p) =>
      p.setExtraHTTPHeaders({ authorization }),
    );
    expect(await asia.page.locator('li').count()).toBe(0);
    await asia.page.close();
  });

  it('is not shown without the bearer token', async () => {
    const res = await fetch(`${worker}/admin/roundup/issues/2026-W47/preview`);
    expect(res.status).toBe(401);
  });
});
