import { describe, expect, it } from 'vitest';
import { purge, serveCached, type Freshness } from '../../src/http/edge-cache';
import { HOT_TTL_MS, HotCache } from '../../src/http/hot-cache';

const freshness: Freshness = { maxAge: 300, staleWhileRevalidate: 600, staleIfError: 86_400 };

function harness(hot?: HotCache, answerFromHeaders?: (status: number, headers: Headers) => Response | null) {
  let clock = Date.UTC(2026, 10, 29);
  let produced = 0;
  let failing = false;
  const pending: Promise<unknown>[] = [];
  const key = `https://cache.test/${crypto.randomUUID()}`;
  const fetch = async () => {
    const res = await serveCached({
      cache: await caches.open('edge-cache-test'),
      ...(hot ? { hot } : {}),
      ...(answerFromHeaders ? { answerFromHeaders } : {}),
      key,
      freshness,
      now: () => clock,
      waitUntil: (p) => pending.push(p),
      produce: async () => {
        if (failing) throw new Error('KV is down');
        produced++;
        return new Response(`version ${produced}`, { headers: { 'cache-control': 'public, max-age=300' } });
      },
    });
    await Promise.all(pending.splice(0));
    return { status: res.headers.get('x-edge-cache'), body: await res.text(), res };
  };
  return {
    fetch,
    advance: (seconds: number) => (clock += seconds * 1000),
    fail: (on: boolean) => (failing = on),
    produced: () => produced,
    key,
  };
}

describe('the edge cache', () => {
  it('produces once, then serves fresh copies without producing again', async () => {
    const h = harness();
    expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 1' });
    h.advance(100);
    const hit = await h.fetch();
    expect(hit).toMatchObject({ status: 'HIT', body: 'version 1' });
    expect(hit.res.headers.get('age')).toBe('100');
    expect(hit.res.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=600, stale-if-error=86400',
    );
    expect(hit.res.headers.get('x-edge-stored-at')).toBeNull();
    expect(h.produced()).toBe(1);
  });

  it('serves a stale copy while revalidating, then the new one', async () => {
    const h = harness();
    await h.fetch();
    h.advance(400);
    expect(await h.fetch()).toMatchObject({ status: 'STALE', body: 'version 1' });
    expect(await h.fetch()).toMatchObject({ status: 'HIT', body: 'version 2' });
  });

  it('keeps serving the stored copy while storage fails (stale-if-error)', async () => {
    const h = harness();
    await h.fetch();
    h.fail(true);
    h.advance(3600);
    expect(await h.fetch()).toMatchObject({ status: 'STALE-IF-ERROR', body: 'version 1' });
  });

  it('fails when storage fails and there is no copy, or the copy is past stale-if-error', async () => {
    const h = harness();
    h.fail(true);
    await expect(h.fetch()).rejects.toThrow('KV is down');
    h.fail(false);
    await h.fetch();
    h.fail(true);
    h.advance(90_000);
    await expect(h.fetch()).rejects.toThrow('KV is down');
  });

  it("answers from a stored copy's headers alone when asked to, and from its body otherwise", async () => {
    const h = harness(undefined, (status, headers) =>
      headers.get('x-edge-cache') === 'HIT' ? new Response(null, { status: 304, headers }) : null,
    );
    expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 1' });
    const hit = await h.fetch();
    expect(hit.res.status).toBe(304);
    expect(hit.body).toBe('');
    h.advance(400);
    expect(await h.fetch()).toMatchObject({ status: 'STALE', body: 'version 1' });
  });

  describe("with the isolate's own copies in front", () => {
    it('answers from memory without reading the Cache API, with the age the stored copy has', async () => {
      const hot = new HotCache();
      const h = harness(hot);
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 1' });
      // Gone from the Cache API: only the isolate's copy can answer now.
      await (await caches.open('edge-cache-test')).delete(h.key);
      h.advance(3);
      const held = await h.fetch();
      expect(held).toMatchObject({ status: 'HIT', body: 'version 1' });
      expect(held.res.headers.get('age')).toBe('3');
      expect(h.produced()).toBe(1);
    });

    it('asks the Cache API again once the copy is older than the hot TTL', async () => {
      const hot = new HotCache();
      const h = harness(hot);
      await h.fetch();
      await (await caches.open('edge-cache-test')).delete(h.key);
      h.advance(HOT_TTL_MS / 1000);
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 2' });
    });

    it('never serves a copy from memory past its freshness', async () => {
      const hot = new HotCache();
      const h = harness(hot);
      await h.fetch();
      h.advance(299);
      // Read from the Cache API and held again, but only until the copy's max-age runs out.
      expect(await h.fetch()).toMatchObject({ status: 'HIT', body: 'version 1' });
      h.advance(2);
      expect(await h.fetch()).toMatchObject({ status: 'STALE', body: 'version 1' });
    });

    it('forgets purged keys in memory as well as in the Cache API', async () => {
      const hot = new HotCache();
      const h = harness(hot);
      await h.fetch();
      await purge(await caches.open('edge-cache-test'), hot, [h.key]);
      expect(hot.size).toBe(0);
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 2' });
    });
  });
});
