import { describe, expect, it } from 'vitest';
import { request } from '../support/http';
import { subscribeJson, uniqueEmail, waitForMail } from '../support/newsletter';

describe('the development outbox', () => {
  it('shows the confirmation mail with its links when ENVIRONMENT is development', async () => {
    const email = uniqueEmail('outbox');
    await subscribeJson({ email });
    await waitForMail(email);
    const res = await request('/dev/outbox', {}, { ENVIRONMENT: 'development' });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(email.replace('Example.ORG', 'example.org'));
    expect(page).toMatch(/<a href="https:\/\/syndication\.test\/newsletter\/confirm\?token=[\w.-]+">/);
    expect(page).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('does not exist in any other environment', async () => {
    expect((await request('/dev/outbox')).status).toBe(404);
    expect((await request('/dev/outbox', {}, { ENVIRONMENT: 'production' })).status).toBe(404);
  });
});
