/**
 * The feeds of fixtures/ as the worker serves them, in every format, against golden files: the site feed, a region
 * narrowed to a tag, an author, a known tag without articles, and both pages of a paged feed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedFixtures } from '../support/fixtures';
import { expectGolden } from '../support/golden';
import { request } from '../support/http';

// Seeding writes ~100 articles through the stores; on a busy machine that can take longer than the default 10 s.
beforeAll(seedFixtures, 60_000);

const FEEDS = [
  ['site', '/feeds/all', '?limit=5'],
  ['region-tag', '/feeds/region/asia-pacific', '?tag=china&limit=5'],
  ['author', '/feeds/author/nadia-benali', ''],
  ['empty', '/feeds/tag/north-korea', ''],
  ['paged-1', '/feeds/all', '?limit=3'],
] as const;

async function body(path: string): Promise<Uint8Array> {
  const res = await request(path);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe('golden feeds', () => {
  for (const format of ['rss', 'atom', 'json'] as const) {
    it.each(FEEDS)(`%s (${format})`, async (name, path, query) => {
      await expectGolden(`${name}.${format}`, await body(`${path}.${format}${query}`));
    });

    it(`paged-2 (${format}): the page the first page's next link names`, async () => {
      const first = await request(`/feeds/all.${format}?limit=3`);
      const text = await first.text();
      const next =
        format === 'json'
          ? (JSON.parse(text) as { next_url: string }).next_url
          : /rel="next"[^>]* href="([^"]+)"/.exec(text)?.[1]?.replaceAll('&amp;', '&');
      expect(next).toBeDefined();
      await expectGolden(`paged-2.${format}`, await body(next!));
    });
  }
});
