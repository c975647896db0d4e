/**
 * The authentication checks every admin route must pass, run per route (the pattern of Unkey's
 * `runCommonRouteTests`): test/admin/auth.security.test.ts runs them over every admin route the app has.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from './constants';
import { request } from './http';

export interface AdminRoute {
  method: string;
  /** A concrete path, e.g. `/admin/articles/some-slug`. */
  path: string;
}

/** A body a route would accept if the request were authenticated, so only authentication can stop it. */
const BODY = JSON.stringify([]);

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.CONTENT.list({ cursor });
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return keys;
}

/** Sends `init` to the route and asserts the 401 problem document, and that nothing was stored. */
async function expectRefused(route: AdminRoute, init: RequestInit = {}, path = route.path): Promise<void> {
  const before = await storedKeys();
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const res = await request(path, {
    method: route.method,
    ...init,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...(init.headers as object) },
    body: hasBody ? BODY : undefined,
  });
  expect(res.status).toBe(401);
  // RFC 6750 §3: a 401 names the scheme the client must use.
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(await res.json()).toEqual({
    type: '/problems/unauthorized',
    title: 'A valid bearer token is required',
    status: 401,
    instance: new URL(path, 'https://x').pathname,
  });
  expect(await storedKeys()).toEqual(before);
}

/** Registers the authentication checks for one admin route. */
export function runAdminAuthTests(route: AdminRoute): void {
  describe(`${route.method} ${route.path}: authentication`, () => {
    it('answers 401 without a token', () => expectRefused(route));

    it('answers 401 with a wrong token', () =>
      expectRefused(route, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN.replace(/.$/, 'X')}` } }));

    it('ignores a token in the query string', () =>
      expectRefused(route, {}, `${route.path}?token=${TEST_ADMIN_TOKEN}&access_token=${TEST_ADMIN_TOKEN}`));

    it('ignores a token in a cookie', () =>
      expectRefused(route, { headers: { cookie: `token=${TEST_ADMIN_TOKEN}; access_token=${TEST_ADMIN_TOKEN}` } }));
  });
}
