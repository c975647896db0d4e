import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_REALM } from '../../src/admin/auth';
import type { ProblemDetails as Problem } from '../../src/pages/error-page';
import { seedFixtures } from '../support/fixtures';
import { request } from '../support/http';
import { freshIp } from '../support/newsletter';

beforeAll(seedFixtures, 60_000);

/** What Chromium sends when a person opens a URL. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const escaped = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

async function page(path: string, init: RequestInit = {}, bindings = {}) {
  const res = await request(path, { ...init, headers: { accept: BROWSER, ...init.headers } }, bindings);
  expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  // Negotiated answers vary by Accept; the newsletter's form endpoints answer people with pages whatever they accept.
  if (!path.startsWith('/newsletter/')) expect(res.headers.get('vary')).toContain('Accept');
  return { res, html: await res.text() };
}

async function problemDocument(path: string, init: RequestInit = {}) {
  const res = await request(path, init);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  return { res, body: (await res.json()) as Problem };
}

/** The page says everything the problem document says. */
function expectSameDetails(html: string, problem: Problem) {
  expect(html).toContain(`<h1>${escaped(problem.title)}</h1>`);
  if (problem.detail) expect(html).toContain(escaped(problem.detail));
  expect(html).toContain(`<dd>${problem.status}</dd>`);
  expect(html).toContain(`<code>${escaped(problem.type)}</code>`);
  expect(html).toContain(`<code>${escaped(problem.instance)}</code>`);
  for (const error of problem.errors ?? []) expect(html).toContain(escaped(error.detail));
}

describe('errors for people and for programs', () => {
  it.each(['/feeds/region/nowhere', '/feeds/all', '/feeds/region/atlantis.rss', '/no/such/page'])(
    'a browser opening %s gets a 404 page in the site layout with links back',
    async (path) => {
      const { res, html } = await page(path);
      expect(res.status).toBe(404);
      expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(html).toContain('<title>Nothing is here — Meridian Review</title>');
      expect(html).toContain('<link rel="stylesheet" href="/assets/site.css">');
      expect(html).toContain('<a href="/">Every feed</a>');
      expect(html).toContain('<a href="/newsletter">The newsletter</a>');
      expectSameDetails(html, (await problemDocument(path)).body);
    },
  );

  it.each([
    ['no Accept header', undefined],
    ['*/*', '*/*'],
    ['application/json', 'application/json'],
    ['application/problem+json', 'application/problem+json'],
    [
      'feedparser',
      'application/atom+xml,application/rdf+xml,application/rss+xml,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1',
    ],
    ['JSON first, HTML second', 'application/json, text/html;q=0.5'],
  ])('a client sending %s keeps the problem document', async (_, accept) => {
    const { res, body } = await problemDocument('/feeds/region/nowhere', accept ? { headers: { accept } } : {});
    expect(res.status).toBe(404);
    expect(res.headers.get('vary')).toContain('Accept');
    expect(body).toEqual({
      type: '/problems/not-found',
      title: 'Nothing is here',
      status: 404,
      detail: expect.any(String),
      instance: '/feeds/region/nowhere',
    });
  });

  it('a 400 page lists every failing parameter the problem document lists', async () => {
    const path = '/feeds/all.rss?limit=0';
    const { res, html } = await page(path);
    expect(res.status).toBe(400);
    const { body } = await problemDocument(path);
    expect(body.errors?.length).toBeGreaterThan(0);
    expectSameDetails(html, body);
    expect(html).toContain('<code>?limit</code>');
  });

  it('a 503 page renders even when the configuration is what failed', async () => {
    const { res, html } = await page('/feeds/all.rss', {}, { SITE: '{"name":' });
    expect(res.status).toBe(503);
    expect(html).toContain('<h1>The service is temporarily unavailable</h1>');
    expect(html).toContain('<a href="/">Every feed</a>');
  });

  it('escapes whatever the request put into the details', async () => {
    const field = '<img src=x onerror=alert(1)>';
    const { res, html } = await page('/newsletter/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': freshIp() },
      body: new URLSearchParams([
        [field, '1'],
        [field, '2'],
      ]).toString(),
    });
    expect(res.status).toBe(400);
    expect(html).not.toContain(field);
    expect(html).toContain(escaped(field));
  });
});

describe('form error pages', () => {
  it('a newsletter form that fails validation links back to the form', async () => {
    const { res, html } = await page('/newsletter/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': freshIp() },
      body: 'email=not-an-address',
    });
    expect(res.status).toBe(422);
    expect(html).toContain('<a href="/newsletter">Back to the signup form</a>');
    expect(html).toContain('<code>email</code>');
  });

  it('a confirmation link that is not valid links back to the form', async () => {
    const { res, html } = await page('/newsletter/confirm?token=forged');
    expect(res.status).toBe(400);
    expect(html).toContain('This link is not valid.');
    expect(html).toContain('<a href="/newsletter">Back to the signup form</a>');
  });
});

describe('admin challenges', () => {
  const realm = `Bearer realm="${ADMIN_REALM}"`;

  it('names the realm when no token is sent, without an error code (RFC 6750 §3)', async () => {
    const res = await request('/admin/regions');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(realm);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('names the realm and invalid_token for a wrong token', async () => {
    const res = await request('/admin/regions', { headers: { authorization: 'Bearer not-the-admin-token' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(
      new RegExp(`^${realm}, error="invalid_token", error_description="[^"]+"$`),
    );
  });

  it('names the realm and invalid_request for a malformed header', async () => {
    const res = await request('/admin/regions', { headers: { authorization: 'Bearer a b c' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toMatch(new RegExp(`^${realm}, error="invalid_request"`));
  });

  it('shows a person opening /admin a page, with the same challenge', async () => {
    const { res, html } = await page('/admin/regions');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(realm);
    expect(html).toContain('<h1>A valid bearer token is required</h1>');
  });
});
