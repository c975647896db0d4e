import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureArticles, newestFirst, seedFixtures } from '../support/fixtures';
import { admin, ORIGIN, request } from '../support/http';
import { makeArticle } from '../support/articles';
import { failNext, received, resetStandins } from '../support/standins';

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name, jpath) =>
    ['item', 'entry', 'atom:link', 'category', 'dc:creator'].includes(name) ||
    /^feed\.(?:entry\.)?link$/.test(String(jpath)),
});

type Json = Record<string, unknown>;
const rssChannel = (body: string) =>
  (xml.parse(body) as { rss: { channel: Json & { item?: Json[]; 'atom:link': Json[] } } }).rss.channel;
const rssItems = (body: string) => rssChannel(body).item ?? [];
const atomFeed = (body: string) => (xml.parse(body) as { feed: Json & { entry?: Json[]; link: Json[] } }).feed;
const atomEntries = (body: string) => atomFeed(body).entry ?? [];

beforeAll(seedFixtures);

describe('feed URLs', () => {
  it.each([
    ['/feeds/all.rss', 'application/rss+xml; charset=utf-8'],
    ['/feeds/all.atom', 'application/atom+xml; charset=utf-8'],
    ['/feeds/all.json', 'application/feed+json; charset=utf-8'],
    ['/feeds/region/asia-pacific.rss', 'application/rss+xml; charset=utf-8'],
    ['/feeds/tag/china.atom', 'application/atom+xml; charset=utf-8'],
    ['/feeds/author/li-wei.json', 'application/feed+json; charset=utf-8'],
    ['/feeds/kind/analysis.rss', 'application/rss+xml; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('cache-control')).toMatch(
      /^public, max-age=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/,
    );
  });

  it('lists the newest 20 articles of a region by default, newest first', async () => {
    const body = await (await request('/feeds/region/middle-east.rss')).text();
    const expected = newestFirst(fixtureArticles.filter((a) => a.regions.includes('middle-east'))).slice(0, 20);
    expect(rssItems(body).map((i) => i.link)).toEqual(expected.map((a) => a.url));
  });

  it('takes its title and description from the taxonomy', async () => {
    const channel = rssChannel(await (await request('/feeds/region/asia-pacific.rss')).text());
    expect(channel.title).toBe('Meridian Review — Asia-Pacific');
    expect(String(channel.description)).toMatch(/China/);
  });

  it('points rel="self" at the canonical URL of the page, not at whatever else the request carried', async () => {
    const path = '/feeds/region/europe.atom?utm_source=reader&limit=03';
    const links = atomFeed(await (await request(path)).text()).link;
    expect(links.find((l) => l['@rel'] === 'self')?.['@href']).toBe(`${ORIGIN}/feeds/region/europe.atom?limit=3`);
  });

  it('gives an article the same GUID in every scope and format', async () => {
    const article = fixtureArticles.find((a) => a.regions.length > 1 && a.tags.length > 0)!;
    const guids = new Set<string>();
    for (const path of [
      `/feeds/region/${article.regions[0]}.rss?limit=100`,
      `/feeds/region/${article.regions[1]}.rss?limit=100`,
      `/feeds/tag/${article.tags[0]}.rss?limit=100`,
    ]) {
      const item = rssItems(await (await request(path)).text()).find((i) => i.link === article.url)!;
      guids.add(String((item.guid as Json)['#text']));
    }
    const entry = atomEntries(
      await (await request(`/feeds/author/${article.authors[0]!.slug}.atom?limit=100`)).text(),
    ).find((e) => String(e.id).endsWith(`:${article.id}`))!;
    guids.add(String(entry.id));
    const json = (await (await request(`/feeds/kind/${article.kind}.json?limit=100`)).json()) as {
      items: { id: string; url: string }[];
    };
    guids.add(json.items.find((i) => i.url === article.url)!.id);
    expect([...guids]).toEqual([`tag:meridian-review.example,2024:article:${article.id}`]);
  });

  it('narrows a region feed to a tag', async () => {
    const body = await (await request('/feeds/region/asia-pacific.atom?tag=china&limit=100')).text();
    const expected = newestFirst(
      fixtureArticles.filter((a) => a.regions.includes('asia-pacific') && a.tags.includes('china')),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(atomEntries(body).map((e) => String(e.id).split(':').pop())).toEqual(expected.map((a) => a.id));
    expect((atomFeed(body).title as Json)['#text']).toBe('Meridian Review — Asia-Pacific · China');
  });

  it('reaches every article through next pages, each exactly once', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/feeds/all.json?limit=25';
    while (next && seen.length < 1000) {
      const page = (await (await request(next)).json()) as { items: { id: string }[]; next_url?: string };
      seen.push(...page.items.map((i) => i.id.split(':').pop()!));
      next = page.next_url;
    }
    const all = newestFirst(fixtureArticles).map((a) => a.id);
    expect(seen.filter((id) => all.includes(id))).toEqual(all);
  });

  it('advertises the next page in RSS through atom:link rel="next"', async () => {
    const links = rssChannel(await (await request('/feeds/all.rss?limit=5')).text())['atom:link'];
    expect(links.find((l) => l['@rel'] === 'next')?.['@href']).toMatch(
      new RegExp(`^${ORIGIN}/feeds/all\\.rss\\?limit=5&cursor=`),
    );
  });
});

describe('polling', () => {
  it('returns 304 when the ETag matches, keeping Cache-Control and ETag', async () => {
    const first = await request('/feeds/tag/iran.rss');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await request('/feeds/tag/iran.rss', { headers: { 'if-none-match': `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    expect(await again.text()).toBe('');
  });

  it('returns 304 for If-Modified-Since equal to Last-Modified', async () => {
    const first = await request('/feeds/tag/ukraine.atom');
    const res = await request('/feeds/tag/ukraine.atom', {
      headers: { 'if-modified-since': first.headers.get('last-modified')! },
    });
    expect(res.status).toBe(304);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await request('/feeds/all.atom', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBeNull();
    expect(await res.text()).toBe('');
  });

  it('derives the ETag from the feed itself, not from the site', async () => {
    const a = (await request('/feeds/tag/china.rss?limit=7')).headers.get('etag');
    const b = (await request('/feeds/tag/taiwan.rss?limit=7')).headers.get('etag');
    expect(a).not.toBe(b);
  });

  it('serves repeated polls from the cache, and a publish shows up at once in every affected feed', async () => {
    const path = '/feeds/region/africa.rss';
    await request(path);
    expect((await request(path)).headers.get('x-edge-cache')).toBe('HIT');

    const article = makeArticle({ regions: ['africa'], tags: ['sahel'], publishedAt: '2026-11-28T12:00:00Z' });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    for (const feed of [path, '/feeds/tag/sahel.atom', '/feeds/all.json', '/feeds/region/africa.rss?tag=sahel']) {
      expect(await (await request(feed)).text(), feed).toContain(article.url);
    }
    await admin('DELETE', `/admin/articles/${article.slug}`);
    expect(await (await request(path)).text()).not.toContain(article.url);
  });

  it('costs at most two KV operations cold and none when cached, as Server-Timing reports', async () => {
    const path = '/feeds/region/asia-pacific.json?tag=china&limit=50';
    const cold = await request(path);
    expect(cold.headers.get('x-edge-cache')).toBe('MISS');
    expect(Number(/kv;desc="(\d+) ops"/.exec(cold.headers.get('server-timing')!)![1])).toBeLessThanOrEqual(2);
    const warm = await request(path);
    expect(warm.headers.get('x-edge-cache')).toBe('HIT');
    expect(warm.headers.get('server-timing')).toBe('kv;desc="0 ops"');
  });

  it('agrees between the RSS ttl and Cache-Control max-age', async () => {
    const res = await request('/feeds/all.rss');
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control')!)![1]);
    expect(Number(rssChannel(await res.text()).ttl) * 60).toBe(maxAge);
  });
});

describe('WebSub', () => {
  it('advertises the hub and self in the document and in Link headers', async () => {
    const res = await request('/feeds/region/europe.atom');
    expect(res.headers.get('link')).toBe(
      `<https://hub.test/>; rel="hub", <${ORIGIN}/feeds/region/europe.atom>; rel="self"`,
    );
    expect(atomFeed(await res.text()).link.find((l) => l['@rel'] === 'hub')?.['@href']).toBe('https://hub.test/');
  });

  it('pings the hub for every affected feed when an article is published', async () => {
    await resetStandins();
    const article = makeArticle({
      regions: ['north-america'],
      tags: ['elections'],
      authors: [{ slug: 'ana-lima', name: 'Ana Lima' }],
    });
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    const pings = await received('hub.test');
    expect(pings.length).toBeGreaterThan(0);
    expect(pings.every((p) => new URLSearchParams(p.body).get('hub.mode') === 'publish')).toBe(true);
    const topics = pings.flatMap((p) => new URLSearchParams(p.body).getAll('hub.url'));
    for (const path of [
      '/feeds/all.rss',
      '/feeds/region/north-america.atom',
      '/feeds/tag/elections.json',
      '/feeds/author/ana-lima.rss',
      '/feeds/kind/analysis.atom',
    ]) {
      expect(topics).toContain(`${ORIGIN}${path}`);
    }
  });

  it('retries a ping the hub refused, off the request path', async () => {
    await resetStandins();
    await failNext('hub.test', 2);
    const article = makeArticle({ regions: ['global'], tags: ['united-nations'] });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    const pings = await received('hub.test');
    // Two refused attempts, then the delivered one, for each request of at most 25 topics.
    expect(pings.length).toBeGreaterThanOrEqual(3);
    const delivered = pings.slice(2).flatMap((p) => new URLSearchParams(p.body).getAll('hub.url'));
    expect(delivered).toContain(`${ORIGIN}/feeds/tag/united-nations.rss`);
  });
});
