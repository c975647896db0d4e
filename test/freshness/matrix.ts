import { expect } from 'vitest';
import { request } from '../support/http';
import { truth } from '../support/location';

/** The fixture articles the freshness tests change: one is edited (and moved into a region), one deleted. */
export const EDITED = 'eu-china-ev-minimum-price-mechanism';
export const DELETED = 'choosing-next-secretary-general';

const SCOPES = [
  'all',
  'kind/news',
  'kind/analysis',
  'kind/brief',
  'region/europe',
  'region/asia-pacific',
  'region/global',
  'region/africa',
  'tag/china',
  'tag/trade',
  'tag/diplomacy',
  'tag/elections',
  'author/li-wei',
  'author/rachel-abernathy',
];
const feed = (scope: string, format: string) =>
  scope === 'all' ? `/feeds/all.${format}` : `/feeds/${scope}.${format}`;
const INTERSECTIONS = [
  ['region/europe', 'china'],
  ['region/asia-pacific', 'trade'],
  ['region/global', 'diplomacy'],
  ['kind/analysis', 'diplomacy'],
  ['kind/news', 'china'],
  ['all', 'china'],
  ['author/li-wei', 'trade'],
] as const;

/** The URL a feed's next page link names, relative to the origin. */
function nextPath(body: string): string {
  const link =
    /<(?:atom:)?link[^>]*rel="next"[^>]*href="([^"]+)"/.exec(body)?.[1] ??
    /<(?:atom:)?link[^>]*href="([^"]+)"[^>]*rel="next"/.exec(body)?.[1] ??
    (JSON.parse(body.startsWith('{') ? body : '{}') as { next_url?: string }).next_url;
  if (link === undefined) throw new Error('no next page link');
  const url = new URL(link.replaceAll('&amp;', '&'));
  return `${url.pathname}${url.search}`;
}

/**
 * Every kind of public answer that shows content: feeds of 14 scopes in every format and several limits, `?tag=`
 * intersections, later pages (cursors, found by following next links now), scope pages, the directory, OPML, widget
 * data, widget frames and the embed builder.
 */
export async function urlMatrix(): Promise<string[]> {
  const urls: string[] = [];
  for (const scope of SCOPES) {
    for (const format of ['rss', 'atom', 'json']) urls.push(feed(scope, format));
    urls.push(`${feed(scope, 'rss')}?limit=5`, `${feed(scope, 'atom')}?limit=50`);
    if (scope !== 'all') urls.push(`/feeds/${scope}`);
  }
  for (const [scope, tag] of INTERSECTIONS) {
    for (const format of ['rss', 'atom', 'json']) urls.push(`${feed(scope, format)}?tag=${tag}`);
    urls.push(`${feed(scope, 'rss')}?tag=${tag}&limit=3`);
  }
  for (const scope of ['all', 'kind/analysis', 'region/europe']) {
    for (const format of ['rss', 'atom', 'json']) {
      const first = await request(`${feed(scope, format)}?limit=2`);
      urls.push(nextPath(await first.text()));
    }
  }
  urls.push('/', '/feeds', '/feeds.opml');
  for (const query of [
    '',
    '?kind=news',
    '?region=europe&kind=news&limit=3',
    '?region=global&limit=3',
    '?region=asia-pacific&kind=news&limit=3',
    '?region=africa&kind=news',
    '?tag=diplomacy',
    '?tag=china&kind=news&limit=10',
    '?author=rachel-abernathy',
    '?author=li-wei&kind=news',
  ])
    urls.push(`/widget/latest.json${query}`);
  for (const query of [
    '',
    '?region=global',
    '?region=europe&kind=news&theme=dark',
    '?tag=elections&layout=cards',
    '?author=rachel-abernathy&images=off',
    '?kind=news&limit=4',
  ])
    urls.push(`/widget/frame${query}`);
  urls.push('/widget?region=europe');
  return urls;
}

/** Runs `step` for every URL, ten at a time (the runtime overlaps their storage I/O), keeping the URLs' order. */
async function eachUrl<T>(urls: readonly string[], step: (url: string) => Promise<T>): Promise<Map<string, T>> {
  const results = new Map<string, T>();
  for (let i = 0; i < urls.length; i += 10) {
    const chunk = urls.slice(i, i + 10);
    const done = await Promise.all(chunk.map(step));
    chunk.forEach((url, j) => results.set(url, done[j]!));
  }
  return results;
}

/** Each URL as the location serves it, with what its cache said. */
export function served(urls: readonly string[], bindings: Record<string, unknown> = {}) {
  return eachUrl(urls, async (url) => {
    const res = await request(url, {}, bindings);
    expect(res.status, url).toBe(200);
    return { status: res.headers.get('x-edge-cache'), body: await res.text() };
  });
}

/** Requests each URL until the location's cache answers it (x-edge-cache: HIT); returns what it answered. */
export async function warm(urls: readonly string[], bindings: Record<string, unknown> = {}) {
  await served(urls, bindings);
  const cached = await served(urls, bindings);
  for (const [url, { status }] of cached) expect(status, url).toBe('HIT');
  return new Map([...cached].map(([url, { body }]) => [url, body]));
}

/** The URLs whose answer differs from what they are now in a location's KV (the same request, edge cache off). */
export async function staleAnswers(
  answers: Map<string, { body: string }>,
  bindings: Record<string, unknown> = {},
): Promise<string[]> {
  const truths = await eachUrl([...answers.keys()], (url) => truth(url, bindings));
  return [...answers].filter(([url, { body }]) => body !== truths.get(url)).map(([url]) => url);
}
