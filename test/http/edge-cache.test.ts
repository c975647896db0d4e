import { describe, expect, it } from 'vitest';
import { serveCached, type Freshness, type KeyGeneration } from '../../src/http/edge-cache';
import { ProblemError } from '../../src/http/problem';
import { HOT_TTL_MS, HotCache } from '../../src/http/hot-cache';

const freshness: Freshness = { maxAge: 300, staleWhileRevalidate: 600, staleIfError: 86_400 };

function harness(hot?: HotCache, answerFromHeaders?: (status: number, headers: Headers) => Response | null) {
  let clock = Date.UTC(2026, 10, 29);
  let produced = 0;
  let failing: Error | null = null;
  let generation: KeyGeneration | null | undefined;
  const pending: Promise<unknown>[] = [];
  const key = `https://cache.test/${crypto.randomUUID()}`;
  const fetch = async () => {
    const res = await serveCached({
      cache: await caches.open('edge-cache-test'),
      ...(hot ? { hot } : {}),
      ...(answerFromHeaders ? { answerFromHeaders } : {}),
      url: key,
      generation,
      freshness,
      now: () => clock,
      waitUntil: (p) => pending.push(p),
      produce: async () => {
        if (failing) throw failing;
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
    fail: (on: boolean | Error) => (failing = on === true ? new Error('KV is down') : on === false ? null : on),
    /** Keys answers by a content generation from now on: `settlesAt` is in seconds from the harness's clock. */
    generation: (id: string | null, settlesInSeconds = -1) =>
      (generation = id === null ? null : { id, settlesAt: clock + settlesInSeconds * 1000 }),
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
  });

  describe('keyed by the content generation', () => {
    it('makes every copy of the previous generation unreachable, in memory and in the Cache API', async () => {
      const hot = new HotCache();
      const h = harness(hot);
      h.generation('g1');
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 1' });
      expect(await h.fetch()).toMatchObject({ status: 'HIT', body: 'version 1' });
      h.generation('g2');
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 2' });
      expect(await h.fetch()).toMatchObject({ status: 'HIT', body: 'version 2' });
      const cache = await caches.open('edge-cache-test');
      expect(await (await cache.match(`${h.key}?edge-generation=g2`))?.text()).toBe('version 2');
      // The canonical URL alone holds the last good copy, whatever its generation.
      expect(await (await cache.match(h.key))?.text()).toBe('version 2');
    });

    it('never serves the previous generation stale while revalidating: a change is a miss', async () => {
      const h = harness();
      h.generation('g1');
      await h.fetch();
      h.advance(400);
      h.generation('g2');
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 2' });
    });

    it('serves the last good copy when storage fails just after a change', async () => {
      const h = harness();
      h.generation('g1');
      await h.fetch();
      h.generation('g2');
      h.fail(true);
      h.advance(600);
      expect(await h.fetch()).toMatchObject({ status: 'STALE-IF-ERROR', body: 'version 1' });
    });

    it('serves the last good copy when the generation is unknown and storage fails, and produces when it works', async () => {
      const h = harness();
      h.generation('g1');
      await h.fetch();
      h.generation(null);
      h.fail(true);
      expect(await h.fetch()).toMatchObject({ status: 'STALE-IF-ERROR', body: 'version 1' });
      h.fail(false);
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 2' });
    });

    it('does not bring back a taken-down answer when producing it now says 404', async () => {
      const h = harness();
      h.generation('g1');
      await h.fetch();
      h.generation('g2');
      h.fail(new ProblemError('not-found'));
      await expect(h.fetch()).rejects.toThrow(ProblemError);
    });

    it('holds a copy made while its generation settles only until it has settled, and then not even stale', async () => {
      const hot = new HotCache();
      const h = harness(hot);
      h.generation('g1', 60);
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 1' });
      h.advance(30);
      expect(await h.fetch()).toMatchObject({ status: 'HIT', body: 'version 1' });
      h.advance(30);
      expect(await h.fetch()).toMatchObject({ status: 'MISS', body: 'version 2' });
      // Made after the generation settled: an ordinary copy, fresh for its max-age.
      h.advance(200);
      expect(await h.fetch()).toMatchObject({ status: 'HIT', body: 'version 2' });
    });
  });
});
