/**
 * Stored feed items (src/feeds/item-fragments.ts) are used only while they were written by the RENDER_VERSION of the
 * code reading them. So when what the renderers write changes, RENDER_VERSION must change too, or readers would keep
 * serving items in the old form beside new ones. The golden files are what the renderers write: this test ties each
 * RENDER_VERSION to a digest of them (test/golden/render-versions.json), and fails when they change under the same
 * version. After bumping RENDER_VERSION, add the new version's digest, which the failure prints.
 */
import { describe, expect, it } from 'vitest';
import { RENDER_VERSION } from '../../src/feeds/item-fragments';
import { sha256Base64url } from '../../src/http/digest';
import recorded from '../golden/render-versions.json';

const feeds = import.meta.glob<string>('../golden/*.{rss,atom,json}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('RENDER_VERSION', () => {
  it('changes whenever the golden feeds do', async () => {
    const names = Object.keys(feeds)
      .filter((name) => !name.endsWith('render-versions.json'))
      .sort();
    const digest = await sha256Base64url(names.map((name) => `${name}\n${feeds[name]}`).join('\n'));
    const known = (recorded as Record<string, string>)[String(RENDER_VERSION)];
    expect(
      known,
      known === undefined
        ? `record "${RENDER_VERSION}": "${digest}" in test/golden/render-versions.json`
        : `the golden feeds differ from those recorded for RENDER_VERSION ${RENDER_VERSION}: bump it in ` +
            `src/feeds/item-fragments.ts and record the new version with "${digest}" in test/golden/render-versions.json`,
    ).toBe(digest);
  });
});
