import { beforeAll, describe, expect, it } from 'vitest';
import { seedFixtures } from '../support/fixtures';
import { request } from '../support/http';

beforeAll(seedFixtures, 60_000);

describe('canonical cache keys and bad parameters', () => {
  it.each([
    ['/feeds/all.rss?limit=0020', '?limit'],
    ['/feeds/all.rss?limit=0', '?limit'],
    ['/feeds/all.rss?limit=101', '?limit'],
    ['/feeds/all.rss?limit=5&limit=5', '?limit'],
    ['/feeds/all.rss?tag=China', '?tag'],
    ['/widget/latest.json?limit=011', '?limit'],
  ])('answers %s with a 400 naming %s, and caches nothing for it', async (path, pointer) => {
    for (let i = 0; i < 2; i++) {
      const res = await request(path);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-edge-cache')).toBeNull();
      expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe(pointer);
    }
  });

  it('ignores a parameter whose name differs only in case, however invalid its value', async () => {
    for (const path of ['/feeds/all.rss?LIMIT=abc', '/feeds/all.rss?Tag=China', '/widget/latest.json?Region=mars']) {
      expect((await request(path)).status, path).toBe(200);
    }
  });

  it('does not let a parameter named like the generation reach another entry', async () => {
    const plain = await request('/feeds/all.json?limit=7');
    const forged = await request('/feeds/all.json?limit=7&edge-generation=0');
    expect(forged.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect(forged.headers.get('x-edge-cache')).toBe('HIT');
  });
});
