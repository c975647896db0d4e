/**
 * An article whose title is `<img src=x onerror=alert(1)>` (seeded by the global setup, with hostile dek,
 * author and image alt too) on a partner page without any CSP: it must show as text and run nothing.
 */
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from './browser';
import { HOSTILE_TITLE } from './context';

const partner = inject('partnerOrigin');
const chromium = useChromium();

describe('hostile content', () => {
  it('renders a title of markup as text in the element and in the frame, and runs nothing', async () => {
    const dialogs: string[] = [];
    const { page, logs } = await chromium.open(`${partner}/hostile.html`, (p) =>
      p.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      }),
    );

    const link = page.locator('#hostile a[part="link"]');
    await expect.poll(() => link.textContent()).toBe(HOSTILE_TITLE);
    const inFrame = page.frameLocator('#frame').locator('a[part="link"]');
    await expect.poll(() => inFrame.textContent()).toBe(HOSTILE_TITLE);

    // Only the article image: nothing was parsed into an <img>, <script> or <svg>.
    expect(await page.locator('#hostile img').count()).toBe(1);
    expect(await page.locator('#hostile script, #hostile svg').count()).toBe(0);
    expect(await page.frameLocator('#frame').locator('body img').count()).toBe(1);
    expect(await page.frameLocator('#frame').locator('body script:not(:last-child), body svg').count()).toBe(0);
    expect(await page.locator('#hostile p[part="dek"]').textContent()).toBe('"><script>alert(2)</script>');

    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(logs.errors).toEqual([]);
    const requested = (await (await fetch(`${partner}/__requests`)).json()) as string[];
    expect(requested).not.toContain('/x');
    await page.close();
  });
});
