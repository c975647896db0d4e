import { describe, expect, it } from 'vitest';
import { signToken } from '../../src/newsletter/tokens';
import { TEST_NEWSLETTER_SECRET } from '../support/constants';
import { ORIGIN, request } from '../support/http';
import { storedSubscriber } from '../support/newsletter';
import { addSubscribers } from './support';

describe('the preferences link of the round-up email', () => {
  it('shows the reader’s regions as a form that works without JavaScript, and saves what is posted', async () => {
    const email = `prefs-${crypto.randomUUID().slice(0, 8)}@prefs.test`;
    const [id] = await addSubscribers([{ email, status: 'confirmed', regions: ['europe'] }]);
    const token = await signToken(TEST_NEWSLETTER_SECRET, 'manage', id!, 1, Date.now());
    const page = await request(`/newsletter/preferences?token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/newsletter/preferences">');
    expect(html).toMatch(/value="europe" checked>/);
    expect(html).not.toMatch(/value="africa" checked>/);

    const saved = await request('/newsletter/preferences', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams([
        ['token', token],
        ['regions', 'africa'],
        ['regions', 'asia-pacific'],
      ]).toString(),
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved');
    expect((await storedSubscriber(email))?.regions).toEqual(['africa', 'asia-pacific']);
  });

  it('answers a readable 400 page for a bad or wrong-purpose token, and 422 for an unknown region', async () => {
    const email = `prefs-${crypto.randomUUID().slice(0, 8)}@prefs.test`;
    const [id] = await addSubscribers([{ email, status: 'confirmed', regions: [] }]);
    const unsubscribeToken = await signToken(TEST_NEWSLETTER_SECRET, 'unsubscribe', id!, 1, Date.now());
    for (const token of ['nonsense', unsubscribeToken]) {
      const res = await request(`/newsletter/preferences?token=${token}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const token = await signToken(TEST_NEWSLETTER_SECRET, 'manage', id!, 1, Date.now());
    const res = await request('/newsletter/preferences', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['token', token],
        ['regions', 'atlantis'],
      ]).toString(),
    });
    expect(res.status).toBe(422);
    expect((await storedSubscriber(email))?.regions).toEqual([]);
  });
});
