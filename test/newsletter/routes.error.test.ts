import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { signToken, TOKEN_LIFETIME_SECONDS } from '../../src/newsletter/tokens';
import { subscriberId } from '../../src/newsletter/store';
import { TEST_NEWSLETTER_SECRET } from '../support/constants';
import { failingKv } from '../support/failing-kv';
import { request } from '../support/http';
import {
  freshIp,
  linkFrom,
  storedSubscriber,
  subscribeForm,
  subscribeJson,
  uniqueEmail,
  waitForMail,
} from '../support/newsletter';

type Problem = { type: string; status: number; errors?: { pointer: string; detail: string }[] };

describe('signup input', () => {
  it.each([
    ['no email', {}, 422, '#/email'],
    ['an invalid email', { email: 'not-an-address' }, 422, '#/email'],
    ['an email over 254 characters', { email: `${'a'.repeat(250)}@example.org` }, 422, '#/email'],
    ['CR/LF in the email', { email: 'a@example.org\r\nBcc: victim@example.org' }, 422, '#/email'],
    ['CR/LF in the name', { email: 'a@example.org', name: 'Eve\r\nBcc: x@example.org' }, 422, '#/name'],
    ['an unknown region', { email: 'a@example.org', regions: ['atlantis'] }, 422, '#/regions/0'],
    ['regions as a string', { email: 'a@example.org', regions: 'europe' }, 422, '#/regions'],
    ['a malformed partner id', { email: 'a@example.org', source: '<script>' }, 422, '#/source'],
    ['no consent', { email: 'a@example.org', consent: false }, 422, '#/consent'],
    ['an unknown field', { email: 'a@example.org', admin: true }, 422, '#'],
  ])('refuses %s with %i', async (_, body, status, pointer) => {
    const res = await subscribeJson(body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(((await res.json()) as Problem).errors?.map((e) => e.pointer)).toContain(pointer);
  });

  it('accepts a signup without consent where REQUIRE_CONSENT is off', async () => {
    const res = await request(
      '/newsletter/subscribe',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
        body: JSON.stringify({ email: uniqueEmail() }),
      },
      { REQUIRE_CONSENT: 'false' },
    );
    expect(res.status).toBe(202);
  });

  it('answers 413 for a body over 8 KB, 415 for another content type and 400 for broken JSON', async () => {
    expect((await subscribeJson({ email: 'a@example.org', name: 'x'.repeat(9000) })).status).toBe(413);
    const post = (type: string, body: string) =>
      request('/newsletter/subscribe', {
        method: 'POST',
        headers: { 'content-type': type, 'cf-connecting-ip': freshIp() },
        body,
      });
    expect((await post('text/plain', 'email=a@example.org')).status).toBe(415);
    expect((await post('application/json', '{"email":')).status).toBe(400);
  });

  it('refuses a form with a repeated single-valued field, as a readable page', async () => {
    const res = await subscribeForm([
      ['email', 'a@example.org'],
      ['email', 'b@example.org'],
      ['consent', 'on'],
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await res.text()).toContain('may be given once');
  });

  it('answers 503 when storage fails, stores nothing half-way, and the retry succeeds', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const email = uniqueEmail();
    const body = JSON.stringify({ email, consent: true });
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
      body,
    };
    const failed = await request('/newsletter/subscribe', init, { CONTENT: failingKv() });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('30');
    expect(await storedSubscriber(email)).toBeNull();
    error.mockRestore();
    expect(
      (await request('/newsletter/subscribe', { ...init, headers: { ...init.headers, 'cf-connecting-ip': freshIp() } }))
        .status,
    ).toBe(202);
    expect((await storedSubscriber(email))!.status).toBe('pending');
  });
});

describe('tokens', () => {
  const post = (path: string, token: string) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
    });

  async function pendingSubscriber() {
    const email = uniqueEmail();
    await subscribeJson({ email });
    const [mail] = await waitForMail(email);
    const token = new URL(linkFrom(mail!.text, '/newsletter/confirm')!).searchParams.get('token')!;
    return {
      email,
      token,
      id: await subscriberId(TEST_NEWSLETTER_SECRET, email.replace('Example.ORG', 'example.org')),
    };
  }

  it('refuses a tampered token', async () => {
    const { email, token } = await pendingSubscriber();
    const [body, sig] = token.split('.');
    const payload = JSON.parse(atob(body!.replaceAll('-', '+').replaceAll('_', '/'))) as { e: number };
    const forged = btoa(JSON.stringify({ ...payload, e: payload.e + 10 ** 6 }))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replaceAll('=', '');
    for (const bad of [`${forged}.${sig}`, `${body}.${sig!.slice(0, -2)}AA`, `${body}`, 'garbage', '']) {
      const res = await post('/newsletter/confirm', bad);
      expect(res.status, bad).toBe(400);
    }
    expect((await storedSubscriber(email))!.status).toBe('pending');
  });

  it('refuses an expired confirmation token', async () => {
    const { email, id } = await pendingSubscriber();
    const longAgo = Date.now() - (TOKEN_LIFETIME_SECONDS.confirm + 60) * 1000;
    const res = await post('/newsletter/confirm', await signToken(TEST_NEWSLETTER_SECRET, 'confirm', id, 1, longAgo));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('not valid any more');
    expect((await storedSubscriber(email))!.status).toBe('pending');
  });

  it('refuses a token made for another purpose', async () => {
    const { email, id } = await pendingSubscriber();
    expect(
      (await post('/newsletter/confirm', await signToken(TEST_NEWSLETTER_SECRET, 'unsubscribe', id, 1, Date.now())))
        .status,
    ).toBe(400);
    expect(
      (await post('/newsletter/unsubscribe', await signToken(TEST_NEWSLETTER_SECRET, 'confirm', id, 1, Date.now())))
        .status,
    ).toBe(400);
    expect((await storedSubscriber(email))!.status).toBe('pending');
  });

  it('refuses a token signed with another secret', async () => {
    const { email, id } = await pendingSubscriber();
    expect(
      (
        await post(
          '/newsletter/confirm',
          await signToken('another-secret-0123456789abcdef0123456', 'confirm', id, 1, Date.now()),
        )
      ).status,
    ).toBe(400);
    expect((await storedSubscriber(email))!.status).toBe('pending');
  });

  it('refuses preferences without a valid manage token', async () => {
    const res = await request('/newsletter/preferences', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'x.y', regions: ['europe'] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
});

describe('subscriber records', () => {
  it('gives pending records a 7-day expiry', async () => {
    const email = uniqueEmail();
    await subscribeJson({ email });
    const id = await subscriberId(TEST_NEWSLETTER_SECRET, email.replace('Example.ORG', 'example.org'));
    const { keys } = await env.CONTENT.list({ prefix: `sub:${id}` });
    const expiresIn = keys[0]!.expiration! - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(7 * 86400 - 120);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86400 + 1);
    expect(keys[0]!.metadata).toEqual({ status: 'pending' });
  });
});
