/** The embed builder (GET /widget): choices update the live previews and both snippets. */
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from './browser';
import './context';

const worker = inject('workerOrigin');
const chromium = useChromium();

describe('the embed builder', () => {
  it('updates the preview element, the preview frame and both snippets as the partner picks', async () => {
    const { page, logs } = await chromium.open(`${worker}/widget`);
    await page.locator('latest-analysis a[part="link"]').first().waitFor();

    await page.selectOption('select[name="region"]', 'africa');
    await page.selectOption('select[name="limit"]', '3');
    await page.selectOption('select[name="layout"]', 'compact');

    const preview = page.locator('latest-analysis');
    await expect.poll(() => preview.locator('a[part="link"]').count()).toBe(3);
    expect(await preview.getAttribute('region')).toBe('africa');
    expect(await preview.locator('section').getAttribute('class')).toBe('la l-compact t-auto');
    expect(await page.locator('iframe[data-latest-analysis]').getAttribute('src')).toBe(
      `${worker}/widget/frame?region=africa&limit=3&theme=auto&layout=compact`,
    );
    await expect
      .poll(() => page.frameLocator('iframe[data-latest-analysis]').locator('a[part="link"]').count())
      .toBe(3);

    const script = await page.locator('#snippet-script').textContent();
    expect(script).toContain('<latest-analysis region="africa" limit="3" theme="auto" layout="compact">');
    expect(
      await page.locator('#snippet-script + * , pre:has(#snippet-script) + button').first().getAttribute('data-copy'),
    ).toBe(script);
    expect(await page.locator('#snippet-frame').textContent()).toContain(
      `<iframe src="${worker}/widget/frame?region=africa&amp;limit=3&amp;theme=auto&amp;layout=compact"`,
    );
    expect(page.url()).toBe(`${worker}/widget?region=africa&limit=3&theme=auto&layout=compact`);
    expect(logs.errors).toEqual([]);
    await page.close();
  });
});
