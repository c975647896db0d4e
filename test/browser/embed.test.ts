/**
 * The script variant as partners use it: widget.js from the worker's origin, on a page of another site that
 * runs the Content-Security-Policy docs/widget.md documents.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { WidgetData } from '../../src/widget/latest-json';
import { useChromium } from './browser';
import './context';

const worker = inject('workerOrigin');
const partner = inject('partnerOrigin');
const chromium = useChromium();
const open = (path: string, setup?: (page: Page) => unknown) => chromium.open(`${partner}${path}`, setup);

/** Resolves once a widget shows its data (placeholder rows have no link). */
const loaded = (page: Page, id: string) =>
  page
    .locator(`#${id} section[aria-busy]`)
    .waitFor({ state: 'detached' })
    .then(() => page.locator(`#${id} section`).waitFor());

const latest = async (query: string) =>
  (await (await fetch(`${worker}/widget/latest.json?${query}`)).json()) as WidgetData;

describe('<latest-analysis> on a partner page', () => {
  it('renders the requested number of items for a region and tag, with real links and no console errors', async () => {
    const { page, logs } = await open('/script.html');
    await loaded(page, 'sidebar');
    const expected = await latest('region=asia-pacific&tag=china&limit=5');
    const links = page.locator('#sidebar a[part="link"]');
    await expect.poll(() => links.count()).toBe(5);
    expect(await links.allTextContents()).toEqual(expected.items.map((i) => i.title));
    expect(await links.first().getAttribute('href')).toBe(
      `${expected.items[0]!.url}?utm_source=pacific-centre&utm_medium=widget`,
    );
    expect(await links.first().getAttribute('rel')).toBe('noopener');
    expect(await page.locator('#sidebar ol').getAttribute('aria-labelledby')).toBe('la-h');
    expect(await page.locator('#sidebar h2').textContent()).toBe('Meridian ReviewAnalysis · Asia-Pacific · China');
    const image = page.locator('#sidebar img').first();
    expect(await image.getAttribute('alt')).toBe(expected.items.find((i) => i.image)!.image!.alt);
    expect(await image.getAttribute('loading')).toBe('lazy');
    expect(await image.getAttribute('width')).toMatch(/^\d+$/);
    expect(await image.getAttribute('height')).toMatch(/^\d+$/);
    expect(logs.errors).toEqual([]);
    expect(logs.warnings).toEqual([]);
    await page.close();
  });

  it('reserves its final height before the data arrives, so nothing below it moves', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { page } = await open('/script.html', (p) =>
      p.route(`${worker}/widget/latest.json?**`, async (route) => {
        await held;
        await route.continue();
      }),
    );
    await page.locator('#sidebar section[aria-busy="true"]').waitFor();
    await page.locator('#related section[aria-busy="true"]').waitFor();
    const measure = () =>
      page.evaluate(() => {
        const top = (id: string) => document.getElementById(id)!.getBoundingClientRect().top;
        const height = (id: string) => document.getElementById(id)!.getBoundingClientRect().height;
        return {
          sidebar: height('sidebar'),
          related: height('related'),
          afterSidebar: top('after-sidebar'),
          afterRelated: top('after-related'),
        };
      });
    const before = await measure();
    await page.evaluate(() => {
      const shifts: number[] = [];
      new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => shifts.push((e as PerformanceEntry & { value: number }).value)),
      ).observe({ type: 'layout-shift' });
      (window as unknown as { shifts: number[] }).shifts = shifts;
    });
    release();
    await loaded(page, 'sidebar');
    await loaded(page, 'related');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('latest-analysis')].every((el) =>
        [...el.shadowRoot!.querySelectorAll('img')].every((img) => img.complete),
      ),
    );
    const after = await measure();
    expect(before.sidebar).toBeGreaterThan(300);
    expect(after).toEqual(before);
    expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
    await page.close();
  });

  it('shows two widgets on one page, each with its own selection and layout', async () => {
    const { page, logs } = await open('/script.html');
    await loaded(page, 'related');
    const expected = await latest('region=europe&limit=3');
    expect(await page.locator('#related a[part="link"]').allTextContents()).toEqual(expected.items.map((i) => i.title));
    expect(await page.locator('#related section').getAttribute('class')).toBe('la l-cards t-auto');
    expect(await page.locator('#sidebar section').getAttribute('class')).toBe('la l-list t-auto');
    expect(logs.errors).toEqual([]);
    await page.close();
  });

  it('follows the reader’s dark mode with theme="auto", and keeps the partner’s accent', async () => {
    const background = (page: Page, id: string) =>
      page.locator(`#${id} section`).evaluate((el) => getComputedStyle(el).backgroundColor);
    const { page } = await open('/script.html');
    await loaded(page, 'sidebar');
    expect(await background(page, 'sidebar')).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background(page, 'sidebar')).toBe('rgb(23, 27, 32)');
    expect(await page.locator('#related h2 a').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(138, 182, 222)');
    await page.locator('#sidebar').evaluate((el) => el.setAttribute('theme', 'light'));
    await expect.poll(() => background(page, 'sidebar')).toBe('rgb(255, 255, 255)');
    await page.close();
  });

  it('uses the host page’s font', async () => {
    const { page } = await open('/script.html');
    await loaded(page, 'sidebar');
    expect(
      await page
        .locator('#sidebar a[part="link"]')
        .first()
        .evaluate((el) => getComputedStyle(el).fontFamily),
    ).toBe('Georgia, "DejaVu Serif", serif');
    await page.close();
  });

  it('shows a visible focus ring on the keyboard-focused article', async () => {
    const { page } = await open('/script.html');
    await loaded(page, 'sidebar');
    const link = page.locator('#sidebar a[part="link"]').first();
    await link.focus();
    expect(await link.evaluate((el) => getComputedStyle(el, '::after').outlineStyle)).toBe('solid');
    await page.close();
  });

  it('re-renders when its attributes change', async () => {
    const { page } = await open('/script.html');
    await loaded(page, 'sidebar');
    await page.locator('#sidebar').evaluate((el) => {
      el.setAttribute('region', 'middle-east');
      el.setAttribute('limit', '2');
      el.removeAttribute('tag');
    });
    const expected = await latest('region=middle-east&limit=2');
    await expect
      .poll(() => page.locator('#sidebar a[part="link"]').allTextContents())
      .toEqual(expected.items.map((i) => i.title));
    await page.close();
  });

  it('falls back to the defaults for invalid attributes, with one console warning', async () => {
    const { page, logs } = await open('/script.html');
    await loaded(page, 'sidebar');
    await page.locator('#sidebar').evaluate((el) => {
      el.setAttribute('limit', '99');
      el.setAttribute('theme', 'neon');
      el.setAttribute('layout', 'grid');
    });
    await expect.poll(() => logs.warnings.length).toBe(1);
    expect(logs.warnings[0]).toMatch(
      /^<latest-analysis>: limit="99" is not valid, so the default is used; layout="grid" is not valid.*; theme="neon" is not valid/,
    );
    expect(await page.locator('#sidebar a[part="link"]').count()).toBe(5);
    expect(await page.locator('#sidebar section').getAttribute('class')).toBe('la l-list t-auto');
    expect(logs.errors).toEqual([]);
    await page.close();
  });

  it('drops a region the worker refuses, says why once, and shows the default selection', async () => {
    const { page, logs } = await open('/script.html');
    await loaded(page, 'sidebar');
    await page.locator('#sidebar').evaluate((el) => {
      el.removeAttribute('tag');
      el.setAttribute('region', 'atlantis');
    });
    await expect.poll(() => logs.warnings.length).toBe(1);
    expect(logs.warnings[0]).toContain('region must be one of asia-pacific');
    const expected = await latest('limit=5');
    await expect
      .poll(() => page.locator('#sidebar a[part="link"]').allTextContents())
      .toEqual(expected.items.map((i) => i.title));
    await page.close();
  });

  it('shows the content inside the element when the data cannot be loaded', async () => {
    const { page, logs } = await open('/script.html', (p) =>
      p.route(`${worker}/widget/latest.json?**`, (route) => route.abort()),
    );
    await expect.poll(() => logs.warnings.length).toBeGreaterThan(0);
    expect(logs.warnings.join()).toContain('could not load the latest articles');
    await expect.poll(() => page.locator('#sidebar > a').isVisible()).toBe(true);
    await page.close();
  });

  it('renders exactly the markup /widget/frame serves for the same choice', async () => {
    const { page } = await open('/script.html');
    await loaded(page, 'sidebar');
    const frame = await (
      await fetch(`${worker}/widget/frame?region=asia-pacific&tag=china&limit=5&lang=en&utm-source=pacific-centre`)
    ).text();
    const fromFrame = await page.evaluate(
      (html) => new DOMParser().parseFromString(html, 'text/html').querySelector('section')!.outerHTML,
      frame,
    );
    const fromElement = await page
      .locator('#sidebar')
      .evaluate((el) => el.shadowRoot!.querySelector('section')!.outerHTML);
    expect(fromElement).toBe(fromFrame);
    await page.close();
  });

  it('looks at home on the partner page (screenshots in test-results/)', async () => {
    await mkdir('test-results', { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await open('/script.html', (p) => p.emulateMedia({ colorScheme: scheme }));
      await loaded(page, 'sidebar');
      await loaded(page, 'related');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('latest-analysis')].every((el) =>
          [...el.shadowRoot!.querySelectorAll('img')].every((img) => img.complete),
        ),
      );
      await page.screenshot({ path: `test-results/widget-partner-page-${scheme}.png`, fullPage: true });
      await page.close();
    }
  });
});
