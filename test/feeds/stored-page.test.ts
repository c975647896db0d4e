import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL, indexPrefix, pageEntriesPrefix } from '../../src/storage/keys';
import { countScopes } from '../../src/storage/scope-counts';
import { makeArticle } from '../support/articles';
import { seedFixtures } from '../support/fixtures';
import { admin, request } from '../support/http';

beforeAll(seedFixtures);

/** Every request a cache miss: what an aggregator polling a long tail of feeds causes. */
const miss = (path: string) => request(path, {}, { EDGE_CACHE: 'off' });
const source = (res: Response) => /feed;desc="(\w+)"/.exec(res.headers.get('server-timing') ?? '')?.[1];
const kvOps = (res: Response) => Number(/kv;desc="(\d+) ops"/.exec(res.headers.get('server-timing') ?? '')?.[1]);

async function answer(path: string) {
  const res = await miss(path);
  expect(res.status).toBe(200);
  expect(kvOps(res)).toBeLessThanOrEqual(2);
  return {
    source: source(res),
    ops: kvOps(res),
    etag: res.headers.get('etag'),
    lastModified: res.headers.get('last-modified'),
    body: await res.text(),
  };
}

/** Misses until the stored page answers; the answers before it were rendered. */
async function untilStored(path: string) {
  const rendered = [];
  for (let i = 0; i < 3; i++) {
    const a = await answer(path);
    if (a.source === 'stored') return { stored: a, rendered };
    rendered.push(a);
  }
  throw new Error(`${path} is never served from its stored page`);
}

describe('stored feed pages', () => {
  it.each(['/feeds/all.rss?limit=7', '/feeds/region/europe.atom', '/feeds/tag/china.json?limit=3'])(
    'serves %s from its stored page with the same bytes, ETag and Last-Modified as rendering it',
    async (path) => {
      const { stored, rendered } = await untilStored(path);
      expect(rendered.length).toBeGreaterThan(0);
      const last = rendered.at(-1)!;
      expect(stored.body).toBe(last.body);
      expect(stored.etag).toBe(last.etag);
      expect(stored.lastModified).toBe(last.lastModified);
      // One listing and one read of the stored page; rendering costs the listing and one bulk read.
      expect(stored.ops).toBe(2);
      expect(rendered.every((r) => r.ops <= 2)).toBe(true);
    },
  );

  it('serves a shorter page from a longer stored one, identical to rendering it', async () => {
    const short = (await untilStored('/feeds/region/africa.rss?limit=3')).rendered.at(-1)!;
    await untilStored('/feeds/region/africa.rss?limit=10');
    const fromLonger = await answer('/feeds/region/africa.rss?limit=3');
    expect(fromLonger.source).toBe('stored');
    // The longer page replaced the shorter one: one stored page per feed and format.
    expect(
      (await env.CONTENT.list({ prefix: `${pageEntriesPrefix({ type: 'region', slug: 'africa' })}rss:` })).keys.map(
        (k) => k.name.split(':')[4],
      ),
    ).toEqual(['10']);
    expect(fromLonger.body).toBe(short.body);
    expect(fromLonger.etag).toBe(short.etag);
  });

  it('serves the default page from a stored page of the longest one', async () => {
    await untilStored('/feeds/all.json?limit=100');
    expect((await answer('/feeds/all.json')).source).toBe('stored');
    expect((await answer('/feeds/all.json?limit=100')).source).toBe('stored');
  });

  it('renders again after a publish, with the new article, then stores the new page', async () => {
    await untilStored('/feeds/all.atom?limit=5');
    const article = makeArticle({
      id: 'stored-page-new',
      slug: 'stored-page-new',
      title: 'Freshly published',
      publishedAt: '2026-11-29T10:00:00Z',
    });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    const next = await answer('/feeds/all.atom?limit=5');
    expect(next.source).toBe('rendered');
    expect(next.body).toContain('Freshly published');
    const again = await answer('/feeds/all.atom?limit=5');
    expect(again).toMatchObject({ source: 'stored', body: next.body, etag: next.etag });
  });

  it('never serves an item from before an edit that kept its date and scopes', async () => {
    const article = makeArticle({
      id: 'stored-page-edit',
      slug: 'stored-page-edit',
      title: 'First title',
      publishedAt: '2026-11-29T11:00:00Z',
    });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    await untilStored('/feeds/all.json?limit=4');
    expect((await admin('PUT', `/admin/articles/${article.slug}`, { ...article, title: 'Second title' })).status).toBe(
      200,
    );
    const after = await answer('/feeds/all.json?limit=4');
    expect(after.body).toContain('Second title');
    expect(after.body).not.toContain('First title');
  });

  it('drops a deleted article at once', async () => {
    const article = makeArticle({
      id: 'stored-page-gone',
      slug: 'stored-page-gone',
      title: 'Soon deleted',
      publishedAt: '2026-11-29T12:00:00Z',
    });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    expect((await untilStored('/feeds/all.rss?limit=6')).stored.body).toContain('Soon deleted');
    expect((await admin('DELETE', `/admin/articles/${article.slug}`)).status).toBe(204);
    expect((await answer('/feeds/all.rss?limit=6')).body).not.toContain('Soon deleted');
  });

  it('shows a renamed tag in every item, not the stored label', async () => {
    await untilStored('/feeds/tag/iran.rss?limit=3');
    const term = (await (await admin('GET', '/admin/tags/iran')).json()) as Record<string, unknown>;
    expect((await admin('PUT', '/admin/tags/iran', { ...term, name: 'Islamic Republic of Iran' })).status).toBe(200);
    const after = await answer('/feeds/tag/iran.rss?limit=3');
    expect(after.source).toBe('rendered');
    expect(after.body).toContain('>Islamic Republic of Iran</category>');
  });

  it('ignores a corrupt stored page, logs it, and writes a good one', async () => {
    const path = '/feeds/all.rss?limit=2';
    const good = (await untilStored(path)).stored;
    for (const corrupt of [
      'not a page',
      '{"context":"x","items":[{"id":1}]}\n<item/>',
      `${JSON.stringify({ context: 'x', items: [] })}`,
    ]) {
      const { keys } = await env.CONTENT.list({ prefix: `${pageEntriesPrefix(ALL)}rss:` });
      expect(keys).toHaveLength(1);
      await env.CONTENT.put(keys[0]!.name, corrupt);
      // Listed as current but unreadable: the articles are read after all (a third operation), and the page rewritten.
      const res = await miss(path);
      expect(kvOps(res)).toBe(3);
      expect({ source: source(res), body: await res.text(), etag: res.headers.get('etag') }).toEqual({
        source: 'rendered',
        body: good.body,
        etag: good.etag,
      });
      expect((await answer(path)).source).toBe('stored');
    }
  });

  it('is not counted as an article of its scope', async () => {
    await untilStored('/feeds/all.atom?limit=3');
    const listed = (await env.CONTENT.list({ prefix: indexPrefix(ALL) })).keys.map((k) => k.name);
    const pages = listed.filter((name) => name.startsWith(pageEntriesPrefix(ALL)));
    expect(pages.length).toBeGreaterThan(0);
    expect((await countScopes(env.CONTENT)).counts.get('all')).toBe(listed.length - pages.length);
  });

  it('does not store pages for a tag filter or a later page', async () => {
    for (const path of ['/feeds/region/asia-pacific.rss?tag=china', '/feeds/all.rss?limit=2&cursor=WyIiLDJd']) {
      const sources = [];
      for (let i = 0; i < 3; i++) sources.push((await answer(path)).source);
      expect(sources).toEqual(['rendered', 'rendered', 'rendered']);
    }
  });
});
