import { beforeAll, describe, expect, it, vi } from 'vitest';
import { failingKv } from '../support/failing-kv';
import { seedFixtures } from '../support/fixtures';
import { request } from '../support/http';

type Problem = { type: string; status: number; detail: string; errors: { pointer: string; detail: string }[] };

beforeAll(seedFixtures);

async function expectProblem(path: string, status: number, pointers: string[]): Promise<Problem> {
  const res = await request(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as Problem;
  expect(body.errors.map((e) => e.pointer)).toEqual(pointers);
  return body;
}

describe('widget parameters', () => {
  it.each([
    ['limit=0', '?limit'],
    ['limit=11', '?limit'],
    ['limit=abc', '?limit'],
    ['limit=-1', '?limit'],
    ['limit=2.5', '?limit'],
    ['limit=5&limit=6', '?limit'],
    ['region=atlantis', '?region'],
    ['region=Europe', '?region'],
    ['kind=rumour', '?kind'],
    ['tag=Not%20A%20Tag', '?tag'],
    ['author=li_wei', '?author'],
  ])('/widget/latest.json?%s is a 400 naming %s', async (query, pointer) => {
    await expectProblem(`/widget/latest.json?${query}`, 400, [pointer]);
  });

  it.each([
    ['theme=neon', '?theme'],
    ['layout=grid', '?layout'],
    ['images=maybe', '?images'],
    ['lang=not%20a%20language', '?lang'],
    ['utm-source=a%20b', '?utm-source'],
    ['limit=11', '?limit'],
    ['region=atlantis', '?region'],
  ])('/widget/frame?%s is a 400 naming %s', async (query, pointer) => {
    await expectProblem(`/widget/frame?${query}`, 400, [pointer]);
  });

  it('names every invalid parameter at once, with a readable detail for each', async () => {
    const body = await expectProblem('/widget/frame?limit=0&region=atlantis&theme=neon', 400, [
      '?region',
      '?limit',
      '?theme',
    ]);
    expect(body.errors.map((e) => e.detail)).toEqual([
      'region must be one of asia-pacific, middle-east, europe, africa, latin-america, north-america, global',
      'limit must be a whole number from 1 to 10',
      'theme must be one of auto, light, dark',
    ]);
  });

  it('accepts limit=1 and limit=10', async () => {
    expect((await request('/widget/latest.json?limit=1')).status).toBe(200);
    expect((await request('/widget/latest.json?limit=10')).status).toBe(200);
  });

  it('treats an empty parameter as absent, as an HTML form sends "any region"', async () => {
    expect((await request('/widget/frame?region=&tag=&limit=5')).status).toBe(200);
  });

  it('answers 404 naming the parameter for a tag or author nobody knows', async () => {
    await expectProblem('/widget/latest.json?tag=no-such-tag', 404, ['?tag']);
    await expectProblem('/widget/latest.json?region=europe&author=nobody-here', 404, ['?author']);
  });

  it('answers 200 with no items for a known tag with nothing in the selection', async () => {
    const res = await request('/widget/latest.json?region=africa&tag=taiwan');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('widget failures', () => {
  it('answers 503 with Retry-After when storage fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request('/widget/latest.json?region=global&limit=9', {}, { CONTENT: failingKv() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    error.mockRestore();
  });

  it('refuses to start with a frame-ancestors setting that is not a list of origins', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request(
      '/widget/frame',
      {},
      { WIDGET_FRAME_ANCESTORS: "https://a.example; script-src 'unsafe-inline'" },
    );
    expect(res.status).toBe(503);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('WIDGET_FRAME_ANCESTORS'));
    error.mockRestore();
  });
});
