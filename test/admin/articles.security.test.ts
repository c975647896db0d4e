import { describe, expect, it } from 'vitest';
import { makeArticle } from '../support/articles';
import { TEST_ADMIN_TOKEN } from '../support/constants';
import { request } from '../support/http';

const article = makeArticle();
const path = `/admin/articles/${article.slug}`;

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(await res.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 });
}

describe('admin authentication', () => {
  it('answers 401 without a token', async () => {
    await expectUnauthorized(await request(path, { method: 'PUT', body: JSON.stringify(article) }));
  });

  it.each([
    ['a wrong token of the same length', TEST_ADMIN_TOKEN.replace(/.$/, 'X')],
    ['a wrong first character', `X${TEST_ADMIN_TOKEN.slice(1)}`],
    ['a prefix of the token', TEST_ADMIN_TOKEN.slice(0, 10)],
    ['the token with more after it', `${TEST_ADMIN_TOKEN}0`],
  ])('answers 401 for %s', async (_, token) => {
    await expectUnauthorized(await request(path, { method: 'GET', headers: { authorization: `Bearer ${token}` } }));
  });

  it('ignores a token in the query string', async () => {
    await expectUnauthorized(await request(`${path}?token=${TEST_ADMIN_TOKEN}&access_token=${TEST_ADMIN_TOKEN}`));
  });

  it('ignores a token sent with another scheme', async () => {
    const res = await request(path, { headers: { authorization: `Basic ${btoa(`admin:${TEST_ADMIN_TOKEN}`)}` } });
    expect([400, 401]).toContain(res.status);
  });

  it('protects the taxonomy routes too', async () => {
    await expectUnauthorized(await request('/admin/tags/china', { method: 'DELETE' }));
    await expectUnauthorized(await request('/admin/articles/batch', { method: 'POST', body: '[]' }));
  });
});
