import { describe, expect, it } from 'vitest';
import { HotCache, type HotEntry } from '../../src/http/hot-cache';

const entry = (bytes: number, until = 10_000): HotEntry => ({
  status: 200,
  headers: [],
  body: new Blob([new Uint8Array(bytes)]),
  storedAt: 0,
  until,
});

describe("the isolate's hot cache", () => {
  it('returns an entry until its time runs out, then forgets it', () => {
    const hot = new HotCache();
    hot.set('a', entry(10, 1_000));
    expect(hot.get('a', 999)?.body.size).toBe(10);
    expect(hot.get('a', 1_000)).toBeNull();
    expect(hot.size).toBe(0);
  });

  it('does not hold entries larger than the per-entry limit', () => {
    const hot = new HotCache(1_000, 100);
    hot.set('big', entry(101));
    expect(hot.get('big', 0)).toBeNull();
  });

  it('drops the least recently used entries when the byte budget is exceeded', () => {
    const hot = new HotCache(300, 200);
    hot.set('a', entry(100));
    hot.set('b', entry(100));
    hot.set('c', entry(100));
    // Reading "a" makes "b" the least recently used.
    expect(hot.get('a', 0)).not.toBeNull();
    hot.set('d', entry(100));
    expect(hot.get('b', 0)).toBeNull();
    expect(['a', 'c', 'd'].map((k) => hot.get(k, 0) !== null)).toEqual([true, true, true]);
  });

  it('replaces an entry under the same key without counting it twice', () => {
    const hot = new HotCache(250, 200);
    hot.set('a', entry(100));
    hot.set('a', entry(150));
    hot.set('b', entry(100));
    expect(hot.get('a', 0)?.body.size).toBe(150);
    expect(hot.get('b', 0)).not.toBeNull();
  });
});
