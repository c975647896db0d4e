import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM } from './context';

interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile and nothing running in the background. */
async function launch(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'latest-analysis-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors and warnings, and uncaught exceptions, of a page and its frames. */
function watchConsole(page: Page): { errors: string[]; warnings: string[] } {
  const seen = { errors: [] as string[], warnings: [] as string[] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (message.type() === 'warning') seen.warnings.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(String(error)));
  return seen;
}

/**
 * Stands in for the publication's image CDN, which the test machine cannot reach: every image is a small SVG
 * with a colour of its own, so screenshots look like the real thing and no request fails.
 */
async function serveImages(page: Page): Promise<void> {
  await page.route('https://media.meridian-review.example/**', (route) => {
    let hue = 0;
    for (const char of route.request().url()) hue = (hue * 31 + char.charCodeAt(0)) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 45% 55%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 50% 30%)"/></linearGradient></defs><rect width="320" height="180" fill="url(#g)"/><circle cx="250" cy="50" r="28" fill="hsl(${hue} 60% 85% / .55)"/></svg>`;
    return route.fulfill({
      status: 200,
      contentType: 'image/svg+xml',
      body: svg,
      headers: { 'access-control-allow-origin': '*' },
    });
  });
}

/**
 * One Chromium for the calling test file, launched before its tests and closed after; call it at the top level.
 * `open` gives a fresh page with its console watched and the image CDN stood in for; `setup` runs before the
 * page loads (routes, listeners, emulation).
 */
export function useChromium() {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  return {
    async open(url: string, setup: (page: Page) => unknown = () => {}) {
      const page = await browser.context.newPage();
      const logs = watchConsole(page);
      await serveImages(page);
      await setup(page);
      await page.goto(url);
      return { page, logs };
    },
  };
}
