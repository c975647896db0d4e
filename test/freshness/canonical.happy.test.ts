import { beforeAll, describe, expect, it } from 'vitest';
import { seedFixtures } from '../support/fixtures';
import { ORIGIN, request } from '../support/http';

beforeAll(seedFixtures, 60_000);

/** The `rel="self"` a feed names, in any of the three formats. */
function selfOf(body: string): string | undefined {
  if (body.startsWith('{')) return (JSON.parse(body) as { feed_url?: string }).feed_url;
  const link =
    /<(?:atom:)?link[^>]*rel="self"[^>]*href="([^"]+)"/.exec(body)?.[1] ??
    /<(?:atom:)?link[^>]*href="([^"]+)"[^>]*rel="self"/.exec(body)?.[1];
  return link?.replaceAll('&amp;', '&');
}

/**
 * Requests the first spelling (a miss or a hit, whatever came before), then every other one: each must be a HIT on the
 * same entry, with the same bytes and ETag.
 */
async function expectOneEntry(spellings: readonly string[]) {
  const first = await request(spellings[0]!);
  expect(first.status, spellings[0]).toBe(200);
  const body = await first.text();
  for (const path of spellings.slice(1)) {
    const res = await request(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('x-edge-cache'), path).toBe('HIT');
    expect(res.headers.get('etag'), path).toBe(first.headers.get('etag'));
    expect(await res.text(), path).toBe(body);
  }
  return body;
}

describe('canonical cache keys', () => {
  it.each(['rss', 'atom', 'json'])(
    'serves a %s feed from one entry whatever parameters were added, with the canonical rel="self"',
    async (format) => {
      const body = await expectOneEntry([
        `/feeds/all.${format}`,
        `/feeds/all.${format}?x=1`,
        `/feeds/all.${format}?x=2`,
        `/feeds/all.${format}?utm_source=a&utm_medium=feed`,
        `/feeds/all.${format}?_=1733040000000`,
        `/feeds/all.${format}?limit=20`,
        `/feeds/all.${format}?limit=020`,
        // Parameter names are case-sensitive, as in every URL: LIMIT is not limit, so it is ignored like x=1.
        `/feeds/all.${format}?LIMIT=5`,
        `/feeds/all.${format}?Limit=abc`,
      ]);
      expect(selfOf(body)).toBe(`${ORIGIN}/feeds/all.${format}`);
    },
  );

  it('writes limit as a number and the parameters in one order: tag, limit, cursor', async () => {
    const body = await expectOneEntry([
      '/feeds/region/europe.atom?limit=05&tag=trade',
      '/feeds/region/europe.atom?tag=trade&limit=5',
      '/feeds/region/europe.atom?utm_campaign=x&limit=005&tag=trade',
    ]);
    expect(selfOf(body)).toBe(`${ORIGIN}/feeds/region/europe.atom?tag=trade&limit=5`);
  });

  it('builds next and first page links from the canonical URL', async () => {
    const first = await (await request('/feeds/all.atom?ref=newsletter&limit=02')).text();
    const next = /<link[^>]*rel="next"[^>]*href="([^"]+)"/.exec(first)![1]!.replaceAll('&amp;', '&');
    expect(next).toMatch(new RegExp(`^${ORIGIN}/feeds/all\\.atom\\?limit=2&cursor=[^&]+$`));
    const nextPath = next.slice(ORIGIN.length);
    const second = await expectOneEntry([
      nextPath,
      `${nextPath}&utm_source=x`,
      nextPath.replace('limit=2', 'limit=02'),
    ]);
    expect(selfOf(second)).toBe(next);
    expect(/<link[^>]*rel="first"[^>]*href="([^"]+)"/.exec(second)?.[1]).toBe(`${ORIGIN}/feeds/all.atom?limit=2`);
  });

  it('serves widget data from one entry, defaults and order aside', async () => {
    await expectOneEntry([
      '/widget/latest.json?region=europe&limit=3',
      '/widget/latest.json?limit=03&region=europe',
      '/widget/latest.json?kind=analysis&region=europe&limit=3&utm_source=partner',
      '/widget/latest.json?region=europe&limit=3&_=123&tag=',
    ]);
    await expectOneEntry([
      '/widget/latest.json',
      '/widget/latest.json?limit=5&kind=analysis',
      '/widget/latest.json?x=1',
    ]);
  });

  it('serves the widget frame from one entry, defaults and order aside', async () => {
    await expectOneEntry([
      '/widget/frame?region=global&layout=cards',
      '/widget/frame?layout=cards&region=global&theme=auto&images=on',
      '/widget/frame?region=global&layout=cards&cb=42',
    ]);
  });

  it('serves scope pages, the directory, OPML and scripts from one entry, whatever the query', async () => {
    await expectOneEntry(['/feeds/region/europe', '/feeds/region/europe?utm_source=a', '/feeds/region/europe?limit=5']);
    await expectOneEntry(['/feeds', '/feeds?x=1']);
    await expectOneEntry(['/', '/?fbclid=abc']);
    await expectOneEntry(['/feeds.opml', '/feeds.opml?_=1']);
    await expectOneEntry(['/widget.js', '/widget.js?v=2']);
  });

  it('keeps apart what does change the answer', async () => {
    const [five, six] = await Promise.all([request('/feeds/all.json?limit=5'), request('/feeds/all.json?limit=6')]);
    expect(((await five.json()) as { items: unknown[] }).items).toHaveLength(5);
    expect(((await six.json()) as { items: unknown[] }).items).toHaveLength(6);
    const narrowed = await request('/feeds/all.json?limit=5&tag=china');
    expect(narrowed.headers.get('x-edge-cache')).toBe('MISS');
  });
});
