import { beforeAll, describe, expect, it, vi } from 'vitest';
import { seedFixtures } from '../support/fixtures';
import { failingKv } from '../support/failing-kv';
import { request } from '../support/http';

beforeAll(seedFixtures);

type Problem = { type: string; status: number; detail?: string; errors?: { pointer: string }[] };

async function expectProblem(path: string, status: number, init?: RequestInit): Promise<Problem> {
  const res = await request(path, init);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as Problem;
  expect(body.status).toBe(status);
  return body;
}

describe('feed errors', () => {
  it.each([
    '/feeds/region/atlantis.rss',
    '/feeds/tag/no-such-tag.atom',
    '/feeds/author/nobody-here.json',
    '/feeds/kind/gossip.rss',
    '/feeds/colour/red.rss',
    '/feeds/everything.rss',
    '/feeds/all.xml',
    '/feeds/region/europe.rdf',
    '/feeds/tag/Upper-Case.rss',
  ])('answers %s with a 404 problem document', async (path) => {
    await expectProblem(path, 404);
  });

  it.each(['0', '101', '-1', 'abc', '20.5', '1e1', ''])('rejects limit=%s with 400', async (limit) => {
    const body = await expectProblem(`/feeds/all.rss?limit=${limit}`, 400);
    expect(body.errors?.[0]?.pointer).toBe('?limit');
  });

  it('accepts limit=1 and limit=100', async () => {
    expect((await request('/feeds/all.rss?limit=1')).status).toBe(200);
    expect((await request('/feeds/all.rss?limit=100')).status).toBe(200);
  });

  it('rejects a repeated limit, a malformed tag, a tag on a tag feed, and a forged cursor', async () => {
    await expectProblem('/feeds/all.rss?limit=5&limit=6', 400);
    await expectProblem('/feeds/region/europe.rss?tag=Not%20A%20Tag', 400);
    await expectProblem('/feeds/tag/china.rss?tag=taiwan', 400);
    await expectProblem('/feeds/all.rss?cursor=forged', 400);
  });

  it('answers 503 with Retry-After, never a 500, when storage fails for a feed never served', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request('/feeds/tag/china.rss?limit=13', {}, { CONTENT: failingKv() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ type: '/problems/unavailable', status: 503 });
    expect(JSON.stringify(await res.text().catch(() => ''))).not.toContain('at ');
    error.mockRestore();
  });

  it('keeps serving a feed served before while storage fails (stale-if-error)', async () => {
    const path = '/feeds/tag/taiwan.rss?limit=11';
    const served = await (await request(path)).text();
    const res = await request(path, {}, { CONTENT: failingKv() });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(served);
  });
});
