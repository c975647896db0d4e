import { describe, expect, it, vi } from 'vitest';
import { request } from '../support/http';
import { failNext, resetStandins } from '../support/standins';
import { freshIp, outboxFor, storedSubscriber, subscribeForm, subscribeJson, uniqueEmail } from '../support/newsletter';

const PARTNER = 'https://thinktank.example';
const partners = { PARTNER_ORIGINS: `${PARTNER} https://uni.example` };
const turnstile = {
  TURNSTILE_SECRET: 'turnstile-test-secret',
  TURNSTILE_VERIFY_URL: 'https://turnstile.test/siteverify',
  PARTNER_ORIGINS: PARTNER,
};

function signup(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  bindings: Record<string, unknown> = {},
) {
  return request(
    '/newsletter/subscribe',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp(), ...headers },
      body: JSON.stringify({ consent: true, ...body }),
    },
    bindings,
  );
}

describe('abuse', () => {
  it('answers a filled honeypot like any signup, but stores and sends nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const email = uniqueEmail();
    const res = await subscribeJson({ email, website: 'https://spam.example' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending' });
    expect(await storedSubscriber(email)).toBeNull();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await outboxFor(email)).toEqual([]);
    warn.mockRestore();
  });

  it('answers 429 with Retry-After once one address signs up too often', async () => {
    const email = uniqueEmail();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await subscribeJson({ email })).status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const res = await subscribeJson({ email });
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toMatchObject({ type: '/problems/too-many-requests', status: 429 });
  });

  it('answers 429 once one client address sends too many signups', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await signup({ email: uniqueEmail() }, { 'cf-connecting-ip': '203.0.113.77' })).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('Turnstile', () => {
  it('accepts a token issued for our hostname and action', async () => {
    expect(
      (
        await signup(
          { email: uniqueEmail(), 'cf-turnstile-response': 'ok:syndication.test:newsletter-signup' },
          {},
          turnstile,
        )
      ).status,
    ).toBe(202);
  });

  it('accepts a token issued on a partner site', async () => {
    expect(
      (
        await signup(
          { email: uniqueEmail(), 'cf-turnstile-response': 'ok:thinktank.example:newsletter-signup' },
          {},
          turnstile,
        )
      ).status,
    ).toBe(202);
  });

  it.each([
    ['a failed check', 'bad'],
    ['a missing token', undefined],
    ['a token for another hostname', 'ok:evil.example:newsletter-signup'],
    ['a token for another action', 'ok:syndication.test:login'],
  ])('refuses %s with 403 and stores nothing', async (_, token) => {
    const email = uniqueEmail();
    const res = await signup({ email, ...(token ? { 'cf-turnstile-response': token } : {}) }, {}, turnstile);
    expect(res.status).toBe(403);
    expect(await storedSubscriber(email)).toBeNull();
  });

  it('answers 503 with Retry-After when siteverify is down, and works again after', async () => {
    await resetStandins();
    await failNext('turnstile.test', 1);
    const email = uniqueEmail();
    const res = await signup(
      { email, 'cf-turnstile-response': 'ok:syndication.test:newsletter-signup' },
      {},
      turnstile,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).not.toBeNull();
    expect(await storedSubscriber(email)).toBeNull();
    expect(
      (await signup({ email, 'cf-turnstile-response': 'ok:syndication.test:newsletter-signup' }, {}, turnstile)).status,
    ).toBe(202);
  });
});

describe('form posts', () => {
  it.each([
    ['a partner page on the allowlist', `${PARTNER}/thanks?from=meridian`, `${PARTNER}/thanks?from=meridian`],
    ['an origin off the allowlist', 'https://evil.example/phish', '/newsletter/thanks'],
    ['a scheme-relative URL', '//evil.example/phish', '/newsletter/thanks'],
    ['a javascript: URL', 'javascript:alert(1)', '/newsletter/thanks'],
    ['a look-alike host', 'https://thinktank.example.evil.example/', '/newsletter/thanks'],
  ])('redirects to %s only when allowed', async (_, redirect, location) => {
    const res = await request(
      '/newsletter/subscribe',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: PARTNER,
          'cf-connecting-ip': freshIp(),
        },
        body: new URLSearchParams({ email: uniqueEmail(), consent: 'on', redirect }).toString(),
        redirect: 'manual',
      },
      partners,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(location);
  });

  it('refuses a form posted from a foreign origin or a cross-site context', async () => {
    const email = uniqueEmail();
    expect(
      (
        await subscribeForm(
          [
            ['email', email],
            ['consent', 'on'],
          ],
          { origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403);
    const crossSite = await request('/newsletter/subscribe', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
        'cf-connecting-ip': freshIp(),
      },
      body: new URLSearchParams({ email, consent: 'on' }).toString(),
    });
    expect(crossSite.status).toBe(403);
    expect(await storedSubscriber(email)).toBeNull();
  });
});

describe('CORS on the JSON API', () => {
  it('allows a partner origin, without credentials, and always varies on Origin', async () => {
    const res = await signup({ email: uniqueEmail() }, { origin: PARTNER }, partners);
    expect(res.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives no CORS grant to an origin off the allowlist', async () => {
    const res = await signup({ email: uniqueEmail() }, { origin: 'https://evil.example' }, partners);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('answers a preflight from a partner', async () => {
    const res = await request(
      '/newsletter/subscribe',
      {
        method: 'OPTIONS',
        headers: {
          origin: PARTNER,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      },
      partners,
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PARTNER);
  });
});

describe('privacy', () => {
  it('logs no email address or token while handling signups and links', async () => {
    const logged: string[] = [];
    const spies = (['log', 'warn', 'error', 'info'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
    );
    const email = uniqueEmail('private');
    await subscribeJson({ email });
    await subscribeJson({ email, website: 'bot' });
    await request('/newsletter/confirm?token=forged.token');
    spies.forEach((s) => s.mockRestore());
    const normalized = email.replace('Example.ORG', 'example.org');
    expect(logged.join('\n')).not.toContain(normalized);
    expect(logged.join('\n')).not.toContain('forged.token');
  });

  it('sends secure headers on every newsletter page', async () => {
    for (const path of ['/newsletter', '/newsletter/thanks', '/newsletter/confirm?token=x']) {
      const res = await request(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=/);
    }
  });
});
