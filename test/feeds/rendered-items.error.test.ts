/**
 * A stored feed item is used only when it is exactly what this code would render for the entry and taxonomy at hand;
 * anything else (another renderer, site or taxonomy name, a moved article, a damaged value) is not used, and the
 * article's record is rendered instead, with the same bytes a reader gets from an intact item.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/env';
import { ItemFragments, itemFragmentsFor } from '../../src/feeds/item-fragments';
import { prepareArticle } from '../../src/content/article-record';
import { headEntry } from '../../src/storage/head-index';
import { itemKey } from '../../src/storage/keys';
import { emptySnapshot, type TaxonomySnapshot } from '../../src/storage/taxonomy-snapshot';
import { makeArticle } from '../support/articles';
import { faultyKv } from '../support/fault-kv';
import { fixtureArticles, newestFirst, seedFixtures } from '../support/fixtures';
import { request } from '../support/http';

beforeAll(seedFixtures, 60_000);

const taxonomy: TaxonomySnapshot = { ...emptySnapshot(), tag: { china: { name: 'China' } } };
const article = prepareArticle(makeArticle({ tags: ['china'], bodyHtml: '<p>Curly “quotes” — and a dash.</p>' }));
const renderer = () => itemFragmentsFor(config(env).SITE);

describe('reading a stored item', () => {
  it('gives the bytes the renderer wrote, with their digest and date', async () => {
    const value = await renderer().render(article, taxonomy);
    const item = renderer().read(value, 'json', headEntry(article), taxonomy);
    expect(new TextDecoder().decode(item!.bytes)).toContain('Curly “quotes” — and a dash.');
    expect(item).toMatchObject({ updated: article.publishedAt.replace('.000Z', 'Z'), digest: expect.any(String) });
  });

  it.each([
    ['from another version of the renderer', (v: string) => v.replace(/^\[\d+,/, '[0,')],
    ['cut short', (v: string) => v.slice(0, v.length - 10)],
    ['cut inside its stamp', (v: string) => v.slice(0, 20)],
    ['whose bytes are not base64', (v: string) => `${v.slice(0, -4)}!!!!`],
    ['with bytes after its last format', (v: string) => `${v}QUFB`],
    [
      'whose length disagrees with its bytes',
      (v: string) => v.replace(/(\njson \S+ )(\d+)/, (_, a, n) => `${a}${+n + 1}`),
    ],
    ['without the format', (v: string) => v.replace(/\njson [^\n]*/, '')],
    ['with a date that is not RFC 3339', (v: string) => v.replace(/\n[^\n]*Z\n/, '\nyesterday\n')],
  ])('is not used when it is %s', async (_, damage) => {
    const value = damage(await renderer().render(article, taxonomy));
    expect(renderer().read(value, 'json', headEntry(article), taxonomy)).toBeNull();
  });

  it('is not used once the article moved, the taxonomy renamed its terms, or for another site', async () => {
    const value = await renderer().render(article, taxonomy);
    expect(renderer().read(value, 'json', { ...headEntry(article), t: ['taiwan'] }, taxonomy)).toBeNull();
    expect(renderer().read(value, 'json', { ...headEntry(article), s: '0000000000001' }, taxonomy)).toBeNull();
    const renamed = { ...taxonomy, tag: { china: { name: 'PRC' } } };
    expect(renderer().read(value, 'json', headEntry(article), renamed)).toBeNull();
    const otherSite = new ItemFragments({ ...config(env).SITE, tagAuthority: 'other.example,2025' });
    expect(otherSite.read(value, 'json', headEntry(article), taxonomy)).toBeNull();
  });
});

describe('a feed with damaged items', () => {
  it.each(['corrupt', 'old-schema'] as const)(
    'renders the records of items that are %s: the same bytes as intact items',
    async (fault) => {
      const newest = new Set(
        newestFirst(fixtureArticles)
          .slice(0, 4)
          .map((a) => itemKey(a.id)),
      );
      const path = '/feeds/all.json?limit=8';
      const intact = await request(path, {}, { EDGE_CACHE: 'off' });
      const damaged = await request(
        path,
        {},
        { EDGE_CACHE: 'off', CONTENT: faultyKv(env.CONTENT, fault, (k) => newest.has(k)) },
      );
      expect(damaged.status).toBe(200);
      expect(await damaged.text()).toBe(await intact.text());
      expect(damaged.headers.get('etag')).toBe(intact.headers.get('etag'));
      expect(damaged.headers.get('server-timing')).toContain('get=3 ');
    },
  );
});
