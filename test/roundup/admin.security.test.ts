import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../support/constants';
import { admin, request } from '../support/http';
import { publishInWeek, testWeek } from './support';

const week = testWeek(45);
const ROUTES: [string, string][] = [
  ['POST', '/admin/roundup/issues'],
  ['GET', `/admin/roundup/issues/${week.id}`],
  ['PUT', `/admin/roundup/issues/${week.id}/note`],
  ['POST', `/admin/roundup/issues/${week.id}/send`],
  ['GET', `/admin/roundup/issues/${week.id}/preview?regions=europe`],
];

describe('the round-up admin API', () => {
  it.each(ROUTES)(
    '%s %s needs the bearer token: none, a wrong one, or one in the query string is a 401',
    async (method, path) => {
      expect((await request(path, { method })).status).toBe(401);
      expect(
        (await request(path, { method, headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
      ).toBe(401);
      const sep = path.includes('?') ? '&' : '?';
      expect((await request(`${path}${sep}token=${TEST_ADMIN_TOKEN}`, { method })).status).toBe(401);
    },
  );

  it('previews the email with a policy that runs no script and loads nothing but images', async () => {
    await publishInWeek(week, [
      { kind: 'analysis', regions: ['europe'], hoursIn: 3, title: '<script>alert(1)</script>' },
    ]);
    await admin('POST', `/admin/roundup/issues?week=${week.id}`);
    const res = await admin('GET', `/admin/roundup/issues/${week.id}/preview?regions=europe`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes article text and the note on the public page and in the feed', async () => {
    await admin('PUT', `/admin/roundup/issues/${week.id}/note`, { note: '<img src=x onerror=alert(1)>' });
    const page = await (await request(`/newsletter/issues/${week.id}`)).text();
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert(1)</script>');
    const rss = await (await request('/feeds/roundup.rss')).text();
    expect(rss).not.toContain('<script>alert(1)</script>');
    const csp = (await request(`/newsletter/issues/${week.id}`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
  });
});
