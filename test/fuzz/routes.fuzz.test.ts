import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { articleKey, slugKey } from '../../src/storage/keys';
import { SNAPSHOT_KEY } from '../../src/storage/taxonomy-snapshot';
import { TEST_ADMIN_TOKEN } from '../support/constants';
import { fixtureArticles, seedFixtures } from '../support/fixtures';
import { request } from '../support/http';

/**
 * Hostile input against every route. `npm test` runs a bounded number of cases with a fixed seed;
 * `npm run fuzz` runs many more (FUZZ_RUNS). Properties: no 5xx; every error is a problem document
 * (or, for the HTML form endpoints, a readable page) with a 4xx status; every answer comes back
 * promptly; and nothing stored changes because of a rejected request.
 */
const RUNS = Number((env as unknown as { FUZZ_RUNS?: string }).FUZZ_RUNS ?? 60);
const SEED = 20261129;
/** Not a speed target: a request still unanswered after this long is a hang. */
const PROMPT_MS = 5000;

const ROUTE_PREFIXES = [
  '/',
  '/feeds',
  '/feeds/',
  '/feeds.opml',
  '/feeds/all',
  '/feeds/region/',
  '/feeds/tag/',
  '/feeds/author/',
  '/feeds/kind/',
  '/widget',
  '/widget.js',
  '/widget/latest.json',
  '/widget/frame',
  '/newsletter',
  '/newsletter/subscribe',
  '/newsletter/confirm',
  '/newsletter/unsubscribe',
  '/newsletter/preferences',
  '/newsletter/thanks',
  '/admin/articles/',
  '/admin/articles/batch',
  '/admin/tags/',
  '/admin/regions',
  '/admin/subscribers',
  '/dev/outbox',
  '/healthz',
  '/assets/site.css',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;

const segment = fc.oneof(
  fc.constantFrom(
    'asia-pacific',
    'china',
    'li-wei',
    'analysis',
    'all',
    'europe',
    '..',
    '.',
    '%2e%2e',
    '%00',
    '%ff',
    '~',
    'x'.repeat(600),
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.stringMatching(/^[a-z0-9-]{1,30}$/),
);
const extension = fc.constantFrom('', '.rss', '.atom', '.json', '.xml', '.RSS', '.rss.rss', '.opml', '.');
const queryValue = fc.oneof(
  fc.constantFrom('0', '1', '20', '100', '101', '-1', '1e2', 'NaN', '', 'china', 'x'.repeat(3000)),
  fc.string({ maxLength: 30 }),
);
const queryName = fc.constantFrom(
  'limit',
  'tag',
  'cursor',
  'region',
  'author',
  'kind',
  'theme',
  'layout',
  'token',
  'format',
  'status',
  'utm_source',
  'token',
  'limit',
);
const query = fc
  .array(fc.tuple(queryName, queryValue), { maxLength: 5 })
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''));
const path = fc
  .tuple(fc.constantFrom(...ROUTE_PREFIXES), fc.array(segment, { maxLength: 3 }), extension, query)
  .map(([p, segs, ext, q]) => `${p}${segs.join('/')}${segs.length ? ext : ''}${q}`);

const hostileHeaders = fc.record(
  {
    'if-none-match': fc.oneof(
      fc.constantFrom('*', 'W/"x"', '"', 'W/', '""', '"a", "b", W/"c"', ','.repeat(500)),
      fc.string({ maxLength: 200 }),
    ),
    'if-modified-since': fc.oneof(
      fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'yesterday', '-1', '0'),
      fc.string({ maxLength: 80 }),
    ),
    'accept-encoding': fc.constantFrom('gzip', 'br;q=0', 'identity;q=0, *;q=0', 'x'.repeat(2000), '*', ''),
    'content-type': fc.constantFrom(
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      '',
    ),
    origin: fc.constantFrom('https://evil.example', 'null', 'https://syndication.test'),
    authorization: fc.constantFrom('Bearer wrong', 'Basic Zm9vOmJhcg==', 'Bearer', `Bearer ${'A'.repeat(5000)}`),
  },
  { requiredKeys: [] },
);

const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 300 }),
  fc.json({ maxDepth: 4 }),
  fc.constantFrom(
    deepJson(50_000),
    `{"a":${deepJson(20_000)}}`,
    'email=a@example.org&email=b@example.org&regions=europe&regions=europe',
    '\u0000\u0001\u0002',
    '{"email":"\ud800"}',
  ),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array([0xff, 0xfe, 0xc3, ...bytes])),
);

async function storedState(): Promise<string> {
  const sample = fixtureArticles.slice(0, 5);
  const keys = [SNAPSHOT_KEY, ...sample.flatMap((a) => [articleKey(a.id), slugKey(a.slug)])];
  const values = await env.CONTENT.get(keys, 'text');
  const { keys: indexKeys } = await env.CONTENT.list({ prefix: 'idx:all:' });
  return JSON.stringify([[...values], indexKeys.map((k) => k.name)]);
}

async function checkAnswer(res: Response, elapsed: number, label: string, method = 'GET'): Promise<void> {
  expect(res.status, label).toBeLessThan(500);
  expect(elapsed, label).toBeLessThan(PROMPT_MS);
  if (res.status >= 400 && res.status !== 405) {
    const type = res.headers.get('content-type') ?? '';
    const readable = type.startsWith('application/problem+json') || type.startsWith('text/html');
    expect(readable, `${label}: ${res.status} ${type}`).toBe(true);
    if (type.startsWith('application/problem+json') && method !== 'HEAD') {
      const doc = (await res.json()) as { status: number; type: string; title: string };
      expect(doc.status, label).toBe(res.status);
      expect(typeof doc.title, label).toBe('string');
    }
  }
}

beforeAll(seedFixtures);

describe('hostile input', () => {
  it('never answers 5xx to random paths, methods and queries, and errors are problem documents', async () => {
    const spies = [
      vi.spyOn(console, 'warn').mockImplementation(() => {}),
      vi.spyOn(console, 'error').mockImplementation(() => {}),
    ];
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom(...METHODS), async (p, method) => {
        const started = Date.now();
        const res = await request(p, { method, headers: { 'cf-connecting-ip': '2001:db8::f' } });
        await checkAnswer(res, Date.now() - started, `${method} ${p}`, method);
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
    spies.forEach((s) => s.mockRestore());
  }, 120_000);

  it('never answers 5xx to hostile headers on feeds and pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/feeds/all.rss',
          '/feeds/region/europe.atom?tag=ukraine',
          '/feeds/tag/china.json',
          '/feeds',
          '/feeds.opml',
          '/feeds/kind/brief',
        ),
        hostileHeaders,
        async (p, headers) => {
          const started = Date.now();
          const res = await request(p, { headers });
          await checkAnswer(res, Date.now() - started, `${p} ${JSON.stringify(headers).slice(0, 200)}`);
          expect([200, 304]).toContain(res.status);
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  }, 120_000);

  it('rejects hostile bodies on every writing route without changing anything stored', async () => {
    const spies = [
      vi.spyOn(console, 'warn').mockImplementation(() => {}),
      vi.spyOn(console, 'error').mockImplementation(() => {}),
    ];
    const before = await storedState();
    const existing = fixtureArticles[0]!;
    const writers = [
      ['PUT', `/admin/articles/${existing.slug}`],
      ['POST', '/admin/articles/batch'],
      ['PUT', '/admin/tags/china'],
      ['POST', '/admin/tags/batch'],
      ['POST', '/newsletter/subscribe'],
      ['POST', '/newsletter/confirm'],
      ['POST', '/newsletter/unsubscribe'],
      ['PUT', '/newsletter/preferences'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writers),
        body,
        hostileHeaders,
        fc.boolean(),
        async ([method, p], b, headers, withToken) => {
          const started = Date.now();
          const res = await request(p, {
            method,
            headers: {
              ...headers,
              ...(withToken && p.startsWith('/admin') ? { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } : {}),
              'cf-connecting-ip': `2001:db8::${Math.floor(Math.random() * 65535).toString(16)}`,
            },
            ...(b === undefined
              ? {}
              : { body: typeof b === 'string' || b instanceof Uint8Array ? b : JSON.stringify(b) }),
          });
          await checkAnswer(res, Date.now() - started, `${method} ${p}`);
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
    expect(await storedState()).toBe(before);
    spies.forEach((s) => s.mockRestore());
  }, 120_000);

  it('answers a 10 MB body with 413 on every writing route', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    for (const [method, p] of [
      ['PUT', '/admin/articles/x'],
      ['PUT', '/admin/tags/x'],
      ['POST', '/newsletter/subscribe'],
      ['PUT', '/newsletter/preferences'],
      ['POST', '/newsletter/confirm'],
    ] as const) {
      const res = await request(p, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: huge,
      });
      expect(res.status, `${method} ${p}`).toBe(413);
    }
  });

  it('answers 401 on admin routes for no token, a wrong token and a token in the query string', async () => {
    for (const p of ['/admin/articles/x', '/admin/articles/batch', '/admin/tags', '/admin/subscribers']) {
      for (const init of [{}, { headers: { authorization: 'Bearer not-the-token-0123456789' } }]) {
        expect((await request(p, init)).status, p).toBe(401);
      }
      expect((await request(`${p}?token=${TEST_ADMIN_TOKEN}&access_token=${TEST_ADMIN_TOKEN}`)).status, p).toBe(401);
    }
  });
});
