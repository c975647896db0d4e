import { generateSignedCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../support/constants';
import { admin, ORIGIN, request } from '../support/http';
import { freshClientAddress, signIn, signedIn } from './dashboard-support';

const sessionSecret = `analytics-session\n${TEST_ADMIN_TOKEN}`;

describe('signing in to the dashboard', () => {
  it('sends a browser without a session to the sign-in form, which posts the token in the body', async () => {
    const res = await request('/admin/analytics', { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/analytics/sign-in');
    const form = await request('/admin/analytics/sign-in');
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('<form method="post" action="/admin/analytics/sign-in">');
    expect(page).toContain('type="password" name="token"');
    expect(form.headers.get('cache-control')).toBe('no-store');
  });

  it('sets a signed, expiring HttpOnly; Secure; SameSite=Strict cookie for the right token, scoped to the dashboard', async () => {
    const { res } = await signIn();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/analytics');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^analytics_session=\d{13}\.[A-Za-z0-9%+/=]+;/);
    expect(cookie).toContain('Max-Age=28800');
    expect(cookie).toContain('Path=/admin/analytics');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain(TEST_ADMIN_TOKEN);
    const dashboard = await signedIn('/admin/analytics');
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<h1>Feed analytics</h1>');
  });

  it('refuses a wrong, empty or oversized token with the form again and no cookie', async () => {
    for (const token of ['wrong-token-0123456789abcdef', '', TEST_ADMIN_TOKEN.slice(0, -1)]) {
      const { res, cookie } = await signIn(token);
      expect(res.status).toBe(403);
      expect(cookie).toBeUndefined();
      expect(await res.text()).toContain('That token is not right.');
    }
    const { res } = await signIn('x'.repeat(10_000));
    expect(res.status).toBe(413);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a sixth sign-in attempt a minute from one address, even with the right token, with Retry-After', async () => {
    const address = freshClientAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(`wrong-token-${i}-0123456789abcdef`, address)).res.status);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    const { res, cookie } = await signIn(TEST_ADMIN_TOKEN, address);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(cookie).toBeUndefined();
    expect(await res.text()).toContain('Too many sign-in attempts');
    // Another address is not held back by it.
    expect((await signIn()).res.status).toBe(303);
  });

  it('refuses a sign-in or sign-out posted from another site (login CSRF), or with no origin at all', async () => {
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      {},
    ];
    for (const headers of attempts) {
      const res = await request('/admin/analytics/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ token: TEST_ADMIN_TOKEN }).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const { cookie } = await signIn();
    const out = await request('/admin/analytics/sign-out', {
      method: 'POST',
      headers: { cookie: cookie!, origin: 'https://evil.example' },
      redirect: 'manual',
    });
    expect(out.status).toBe(403);
  });

  it('accepts a same-origin sign-in whose Origin is null, by its Sec-Fetch-Site', async () => {
    const res = await request('/admin/analytics/sign-in', {
      method: 'POST',
      // What Chromium sends from a page with `Referrer-Policy: no-referrer`.
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ token: TEST_ADMIN_TOKEN }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
  });

  it('ends the session on sign-out by expiring the cookie', async () => {
    const { cookie } = await signIn();
    const res = await request('/admin/analytics/sign-out', {
      method: 'POST',
      headers: { cookie: cookie!, origin: ORIGIN },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^analytics_session=;.*Max-Age=0/);
  });
});

describe('what a session cookie must be', () => {
  const dashboardWith = (cookie: string) =>
    request('/admin/analytics', { headers: { cookie }, redirect: 'manual' }).then((r) => r.status);

  it('turns away a tampered, expired, unsigned or foreign-signed cookie', async () => {
    const { cookie } = await signIn();
    const [name, value] = cookie!.split('=') as [string, string];
    const future = String(Date.now() + 3_600_000);
    expect(await dashboardWith(`${name}=${future}${value.slice(13)}`)).toBe(303);
    expect(await dashboardWith(`${name}=${future}`)).toBe(303);
    const expired = await generateSignedCookie(name, String(Date.now() - 1000), sessionSecret);
    expect(await dashboardWith(expired.split(';')[0]!)).toBe(303);
    const foreign = await generateSignedCookie(name, future, 'analytics-session\nsome-other-token-0123456789');
    expect(await dashboardWith(foreign.split(';')[0]!)).toBe(303);
    const valid = await generateSignedCookie(name, future, sessionSecret);
    expect(await dashboardWith(valid.split(';')[0]!)).toBe(200);
  });

  it('ignores a token in the query string or a bearer header on the dashboard', async () => {
    expect((await request(`/admin/analytics?token=${TEST_ADMIN_TOKEN}`, { redirect: 'manual' })).status).toBe(303);
    expect((await admin('GET', '/admin/analytics')).status).toBe(303);
  });

  it('keeps bearer auth on every other admin route', async () => {
    expect((await request('/admin/regions')).status).toBe(401);
    expect((await request('/admin/analytics/sign-in/../feeds.json')).status).toBe(401);
  });
});
