import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/schema/article';
import { GENERATION_REUSE_MS, KvGenerationStore } from '../../src/storage/generation-store';
import { makeArticle } from '../support/articles';
import { fixtureArticles, fixtureTerms, seedFixtures } from '../support/fixtures';
import { admin, request } from '../support/http';
import { LOCATION_2, propagate } from '../support/location';
import { DELETED, EDITED, served, staleAnswers, urlMatrix, warm } from './matrix';

const fixture = (slug: string) => fixtureArticles.find((a) => a.slug === slug)!;
let urls: string[];

beforeAll(async () => {
  await seedFixtures();
  // A generation of this file's own: no cache entry made elsewhere under another content can match its keys.
  await new KvGenerationStore(env.CONTENT).advance();
  urls = await urlMatrix();
}, 60_000);

/** After `served`: every answer it gave is now cached; returns them. */
async function cachedAgain(urls: readonly string[]) {
  const cached = await served(urls);
  for (const [url, { status }] of cached) expect(status, url).toBe('HIT');
  return new Map([...cached].map(([url, { body }]) => [url, body]));
}

const changedSince = (before: Map<string, string>, after: Map<string, { body: string }>) =>
  [...after].filter(([url, { body }]) => before.get(url) !== body).map(([url]) => url);

describe('a change, in the location that made it', () => {
  it(
    'leaves no stale answer among 100+ cached URLs after an edit, a delete and a taxonomy change',
    { timeout: 180_000 },
    async () => {
      expect(urls.length).toBeGreaterThanOrEqual(100);
      const original = await warm(urls);
      const deleted = fixture(DELETED);
      expect([...original.values()].filter((body) => body.includes(deleted.url)).length).toBeGreaterThan(20);

      const edit: Article = {
        ...fixture(EDITED),
        title: 'Brussels sets a price floor for Chinese electric cars',
        regions: [...fixture(EDITED).regions, 'africa'],
      };
      expect((await admin('PUT', `/admin/articles/${EDITED}`, edit)).status).toBe(200);
      const afterEdit = await served(urls);
      expect(await staleAnswers(afterEdit)).toEqual([]);
      expect(changedSince(original, afterEdit).length).toBeGreaterThan(50);
      expect([...afterEdit.values()].some((a) => a.status === 'HIT')).toBe(false);

      const edited = await cachedAgain(urls);
      expect((await admin('DELETE', `/admin/articles/${DELETED}`)).status).toBe(204);
      const afterDelete = await served(urls);
      expect(await staleAnswers(afterDelete)).toEqual([]);
      expect([...afterDelete].filter(([, a]) => a.body.includes(deleted.url)).map(([url]) => url)).toEqual([]);
      expect(changedSince(edited, afterDelete).length).toBeGreaterThan(20);

      const renamed = await cachedAgain(urls);
      const europe = fixtureTerms('regions').find((r) => r.slug === 'europe')!;
      expect((await admin('PUT', '/admin/regions/europe', { ...europe, name: 'Wider Europe' })).status).toBe(200);
      const afterRename = await served(urls);
      expect(await staleAnswers(afterRename)).toEqual([]);
      expect(changedSince(renamed, afterRename).length).toBeGreaterThan(20);
    },
  );

  it('answers an unchanged feed with 304 across a generation change: ETags come from the content alone', async () => {
    const path = '/feeds/region/latin-america.atom?limit=4';
    const warmed = await request(path);
    const etag = warmed.headers.get('etag')!;
    expect((await request(path)).headers.get('x-edge-cache')).toBe('HIT');
    const elsewhere = makeArticle({ regions: ['asia-pacific'], tags: ['china'] });
    expect((await admin('PUT', `/admin/articles/${elsewhere.slug}`, elsewhere)).status).toBe(201);
    const polled = await request(path, { headers: { 'if-none-match': etag } });
    expect(polled.status).toBe(304);
    expect(polled.headers.get('x-edge-cache')).toBe('MISS');
    expect(polled.headers.get('etag')).toBe(etag);
    expect(await polled.text()).toBe('');
  });
});

describe('a change, seen from another location', () => {
  it(
    'serves the old state only until KV shows that location the change, and none after it',
    { timeout: 180_000 },
    async () => {
      await propagate();
      const before = await warm(urls, LOCATION_2);
      const deleted = fixtureArticles.find((a) => a.slug === 'venezuela-oil-licence-renewed')!;
      const edit = { ...fixture(EDITED), title: 'EU and China agree on a floor price for electric cars' };
      expect((await admin('PUT', `/admin/articles/${EDITED}`, edit)).status).toBe(200);
      expect((await admin('DELETE', `/admin/articles/${deleted.slug}`)).status).toBe(204);

      // Not propagated yet: the other location keeps serving what it has, as it would until KV shows it the change.
      const early = await served(urls, LOCATION_2);
      expect([...early.values()].every((a) => a.status === 'HIT')).toBe(true);
      expect((await staleAnswers(early)).length).toBeGreaterThan(50);
      expect(changedSince(before, early)).toEqual([]);

      await propagate();
      // Its isolates still hold the generation they read, for GENERATION_REUSE_MS at most, and while one request reads
      // it again the others go on with it: part of the bound.
      await new Promise((r) => setTimeout(r, GENERATION_REUSE_MS));
      await served([urls[0]!], LOCATION_2);
      const late = await served(urls, LOCATION_2);
      expect(await staleAnswers(late)).toEqual([]);
      expect([...late].filter(([, a]) => a.body.includes(deleted.url)).map(([url]) => url)).toEqual([]);
    },
  );
});
