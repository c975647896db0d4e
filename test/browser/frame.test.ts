/**
 * The iframe variant on a partner page whose Content-Security-Policy allows no third-party script
 * (`script-src 'self'`): the frame renders on its own, and the partner's own copy of the resize helper sizes it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { HEIGHT } from '../../src/widget/client/protocol';
import type { WidgetData } from '../../src/widget/latest-json';
import { useChromium } from './browser';
import './context';

const worker = inject('workerOrigin');
const partner = inject('partnerOrigin');
const chromium = useChromium();
const openStrictPage = () => chromium.open(`${partner}/strict.html`);

const frameHeight = (page: Page) => page.locator('#frame').evaluate((el: HTMLIFrameElement) => el.height);
const contentHeight = (page: Page) =>
  page
    .frameLocator('#frame')
    .locator('html')
    .evaluate((el) => Math.ceil(el.getBoundingClientRect().height));

describe('the iframe variant under a strict partner CSP', () => {
  it('renders the requested articles with no console errors (no CSP violation either side)', async () => {
    const { page, logs } = await openStrictPage();
    const expected = (await (await fetch(`${worker}/widget/latest.json?region=europe&limit=4`)).json()) as WidgetData;
    const links = page.frameLocator('#frame').locator('a[part="link"]');
    await expect.poll(() => links.allTextContents()).toEqual(expected.items.map((i) => i.title));
    expect(logs.errors).toEqual([]);
    await page.close();
  });

  it('is sized to its content by the self-hosted resize helper', async () => {
    const { page } = await openStrictPage();
    await expect.poll(() => frameHeight(page)).not.toBe('300');
    expect(Number(await frameHeight(page))).toBe(await contentHeight(page));
    await page.close();
  });

  it('ignores height messages that do not come from the frame', async () => {
    const { page } = await openStrictPage();
    await expect.poll(() => frameHeight(page)).not.toBe('300');
    const settled = await frameHeight(page);
    await page.evaluate((type) => window.postMessage({ type, secret: 'guessed', height: 3000 }, '*'), HEIGHT);
    await page.waitForTimeout(200);
    expect(await frameHeight(page)).toBe(settled);
    await page.close();
  });
});
