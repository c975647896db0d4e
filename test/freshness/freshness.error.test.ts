import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GENERATION_KEY } from '../../src/storage/generation-store';
import { makeArticle } from '../support/articles';
import { TEST_ADMIN_TOKEN } from '../support/constants';
import { seedFixtures } from '../support/fixtures';
import { admin, request } from '../support/http';

beforeAll(seedFixtures, 60_000);
afterEach(() => vi.restoreAllMocks());

const ADMIN_JSON = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

const quiet = () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
};

/** CONTENT as one binding that can go down and come back: while `down(key)` holds, operations on matching keys throw. */
function switchableKv() {
  let down: (key: string) => boolean = () => false;
  const keyOf = (args: unknown[]) => {
    const first = args[0];
    if (typeof first === 'string') return first;
    if (Array.isArray(first)) return String(first[0]);
    return String((first as { prefix?: string } | undefined)?.prefix ?? '');
  };
  const kv = new Proxy(env.CONTENT, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        down(keyOf(args))
          ? Promise.reject(new Error('KV is unavailable (injected fault)'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { kv, fail: (which: (key: string) => boolean) => (down = which), recover: () => (down = () => false) };
}

describe('freshness while KV fails', () => {
  it('serves the last good answer when KV fails just after a change, before the new generation has one', async () => {
    const { kv, fail } = switchableKv();
    const path = '/feeds/region/africa.rss?limit=3';
    const before = await request(path, {}, { CONTENT: kv });
    const body = await before.text();
    expect((await request(path, {}, { CONTENT: kv })).headers.get('x-edge-cache')).toBe('HIT');
    const article = makeArticle({ regions: ['africa'], tags: ['sahel'], publishedAt: '2026-11-30T08:00:00Z' });
    const publish = await request(
      `/admin/articles/${article.slug}`,
      { method: 'PUT', headers: ADMIN_JSON, body: JSON.stringify(article) },
      { CONTENT: kv },
    );
    expect(publish.status).toBe(201);
    quiet();
    fail(() => true);
    const during = await request(path, {}, { CONTENT: kv });
    expect(during.status).toBe(200);
    expect(during.headers.get('x-edge-cache')).toBe('STALE-IF-ERROR');
    expect(await during.text()).toBe(body);
  });

  it('answers from KV, not from a stale copy, when only the generation cannot be read', async () => {
    const path = '/feeds/region/north-america.json?limit=3';
    await (await request(path)).text();
    const article = makeArticle({ regions: ['north-america'], publishedAt: '2026-11-30T09:00:00Z' });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    const { kv, fail } = switchableKv();
    quiet();
    fail((key) => key === GENERATION_KEY);
    const res = await request(path, {}, { CONTENT: kv });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-edge-cache')).toBe('MISS');
    expect(await res.text()).toContain(article.url);
  });

  it('answers 404, not the last good copy, for a feed that no longer exists', async () => {
    const tag = `gone-${crypto.randomUUID().slice(0, 8)}`;
    const article = makeArticle({ tags: [tag] });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    const path = `/feeds/tag/${tag}.rss`;
    expect(await (await request(path)).text()).toContain(article.url);
    expect((await request(path)).headers.get('x-edge-cache')).toBe('HIT');
    expect((await admin('DELETE', `/admin/articles/${article.slug}`)).status).toBe(204);
    const res = await request(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(article.url);
  });
});
