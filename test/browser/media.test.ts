/** The demo in development: every article image on the widget builder, its previews and a partner page loads. */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from './browser';
import './context';

const worker = inject('workerOrigin');
const partner = inject('partnerOrigin');
const chromium = useChromium();
const MEDIA_HOST = 'https://media.meridian-review.example/';

/** Requests that went to the publication's media host (which the test machine cannot reach) instead of the worker. */
function watchMediaHost(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(MEDIA_HOST)) seen.push(request.url());
  });
  return seen;
}

/** Scrolls each image into view (they load lazily) and returns those that did not decode. */
async function brokenImages(images: Locator): Promise<string[]> {
  const broken: string[] = [];
  for (const image of await images.all()) {
    await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.currentSrc !== ''))
      .toBe(true);
    const { src, width } = await image.evaluate((img: HTMLImageElement) => ({
      src: img.currentSrc,
      width: img.naturalWidth,
    }));
    expect(src.startsWith(`${worker}/dev/media/`), src).toBe(true);
    if (width === 0) broken.push(src);
  }
  return broken;
}

describe('fixture media in development', () => {
  it('the widget builder, its element preview and its frame preview show no broken image', async () => {
    let fromMediaHost: string[] = [];
    const { page, logs } = await chromium.open(`${worker}/widget?limit=10&layout=cards`, (opened) => {
      fromMediaHost = watchMediaHost(opened);
    });
    const element = page.locator('latest-analysis img');
    await expect.poll(() => element.count()).toBeGreaterThan(3);
    expect(await brokenImages(element)).toEqual([]);
    const frame = page.frameLocator('iframe[data-latest-analysis]').locator('img');
    await expect.poll(() => frame.count()).toBeGreaterThan(3);
    expect(await brokenImages(frame)).toEqual([]);
    expect(fromMediaHost).toEqual([]);
    expect(logs.errors).toEqual([]);
    await page.close();
  });

  it('a partner page embedding the widget shows the images from the worker', async () => {
    const { page, logs } = await chromium.open(`${partner}/script.html`);
    const images = page.locator('latest-analysis img');
    await expect.poll(() => images.count()).toBeGreaterThan(0);
    expect(await brokenImages(images)).toEqual([]);
    expect(logs.errors).toEqual([]);
    await page.close();
  });
});
