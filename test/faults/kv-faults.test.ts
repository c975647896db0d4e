import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { faultyKv } from '../support/fault-kv';
import { fixtureArticles, newestFirst, seedFixtures } from '../support/fixtures';
import { request } from '../support/http';
import { freshIp, storedSubscriber, uniqueEmail } from '../support/newsletter';

beforeAll(seedFixtures);

const quiet = () => [
  vi.spyOn(console, 'error').mockImplementation(() => {}),
  vi.spyOn(console, 'warn').mockImplementation(() => {}),
];

describe('feeds while KV misbehaves', () => {
  // A namespace that fails is a binding this isolate never read the content generation from: it waits for that read's
  // deadline, then for the feed's, and then serves the last good copy.
  it.each([
    ['throw', 8],
    ['hang', 9],
  ] as const)('keeps serving a feed served before when KV operations %s', { timeout: 10_000 }, async (fault, limit) => {
    const path = `/feeds/region/europe.atom?limit=${limit}`;
    const before = await request(path);
    const body = await before.text();
    const spies = quiet();
    const during = await request(path, {}, { CONTENT: faultyKv(env.CONTENT, fault) });
    spies.forEach((s) => s.mockRestore());
    expect(during.status).toBe(200);
    expect(during.headers.get('x-edge-cache')).toBe('STALE-IF-ERROR');
    expect(await during.text()).toBe(body);
  });

  it.each([
    ['throw', 6],
    ['hang', 7],
  ] as const)(
    'answers 503 with Retry-After and a problem document for a feed never served when KV operations %s',
    { timeout: 10_000 },
    async (fault, limit) => {
      const spies = quiet();
      const res = await request(
        `/feeds/region/africa.rss?limit=${limit}`,
        {},
        { CONTENT: faultyKv(env.CONTENT, fault) },
      );
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ type: '/problems/unavailable', status: 503 });
      expect(text).not.toMatch(/\bat \w+ \(|Error:/);
      spies.forEach((s) => s.mockRestore());
    },
  );

  it.each([
    ['corrupt', 10],
    ['old-schema', 11],
  ] as const)('skips and logs articles whose records and items are %s, serving the rest', async (fault, limit) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const victimIds = newestFirst(fixtureArticles.filter((a) => a.regions.includes('asia-pacific')))
      .slice(1, 3)
      .map((a) => a.id);
    const victims = new Set(victimIds.map((id) => `article:${id}`));
    const damaged = new Set([...victims, ...victimIds.map((id) => `item:${id}`)]);
    const res = await request(
      `/feeds/region/asia-pacific.json?limit=${limit}`,
      {},
      { CONTENT: faultyKv(env.CONTENT, fault, (k) => damaged.has(k)) },
    );
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: string }[] };
    const expected = newestFirst(fixtureArticles.filter((a) => a.regions.includes('asia-pacific')))
      .filter((a) => !victims.has(`article:${a.id}`))
      .slice(0, limit);
    expect(items.map((i) => i.id.split(':').pop())).toEqual(expected.map((a) => a.id));
    const logged = warn.mock.calls.map((c) => JSON.parse(String(c[0])) as { event: string; key: string });
    expect(
      logged
        .filter((l) => l.event === 'kv.record_invalid')
        .map((l) => l.key)
        .sort(),
    ).toEqual([...victims].sort());
    warn.mockRestore();
  });
});

describe('the publishing API while KV misbehaves', () => {
  it('answers 503, not 500, and a later retry publishes', async () => {
    const spies = quiet();
    const { makeArticle } = await import('../support/articles');
    const { admin } = await import('../support/http');
    const article = makeArticle();
    const { TEST_ADMIN_TOKEN } = await import('../support/constants');
    const res = await request(
      `/admin/articles/${article.slug}`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(article),
      },
      { CONTENT: faultyKv(env.CONTENT, 'throw') },
    );
    expect(res.status).toBe(503);
    spies.forEach((s) => s.mockRestore());
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
  });
});

describe('newsletter signup while KV hangs', () => {
  it('answers 503 within the deadline and the retry succeeds', { timeout: 10_000 }, async () => {
    const spies = quiet();
    const email = uniqueEmail();
    const init = () => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
      body: JSON.stringify({ email, consent: true }),
    });
    const res = await request('/newsletter/subscribe', init(), { CONTENT: faultyKv(env.CONTENT, 'hang') });
    expect(res.status).toBe(503);
    spies.forEach((s) => s.mockRestore());
    expect((await request('/newsletter/subscribe', init())).status).toBe(202);
    expect((await storedSubscriber(email))!.status).toBe('pending');
  });
});
