import { describe, expect, it } from 'vitest';
import { admin } from '../support/http';
import {
  addSubscribers,
  deliveredFor,
  issueStatus,
  publishInWeek,
  roundupRequests,
  testWeek,
  waitFor,
} from './support';

describe('sending an issue', () => {
  it(
    'mails every confirmed reader once, with their regions, unsubscribe headers and a preferences link',
    { timeout: 90_000 },
    async () => {
      const week = testWeek(2);
      await publishInWeek(week, [
        { kind: 'analysis', regions: ['europe'], hoursIn: 10, title: 'Europe analysis' },
        { kind: 'analysis', regions: ['asia-pacific'], hoursIn: 20, title: 'Asia analysis' },
        { kind: 'opinion', regions: ['global'], hoursIn: 30, title: 'Global opinion' },
        { kind: 'brief', regions: ['africa'], hoursIn: 40, title: 'Africa brief' },
      ]);
      const tag = crypto.randomUUID().slice(0, 8);
      await addSubscribers([
        { email: `eu-${tag}@happy.test`, status: 'confirmed', regions: ['europe'] },
        { email: `all-${tag}@happy.test`, status: 'confirmed', regions: [] },
        { email: `latam-${tag}@happy.test`, status: 'confirmed', regions: ['latin-america'] },
        { email: `pending-${tag}@happy.test`, status: 'pending', regions: [] },
        { email: `gone-${tag}@happy.test`, status: 'unsubscribed', regions: [] },
      ]);
      expect((await admin('POST', `/admin/roundup/issues?week=${week.id}`)).status).toBe(201);
      const first = await admin('POST', `/admin/roundup/issues/${week.id}/send`);
      expect(first.status).toBe(202);
      const second = await admin('POST', `/admin/roundup/issues/${week.id}/send`);
      expect(second.status).toBe(200);

      const mine = async () => (await deliveredFor(week.id)).filter((d) => d.to.endsWith(`-${tag}@happy.test`));
      const delivered = await waitFor(mine, (d) => d.length >= 2);
      // Give a duplicate the time it would need to show up.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await mine()).map((d) => d.to).sort()).toEqual([`all-${tag}@happy.test`, `eu-${tag}@happy.test`]);
      expect(delivered.every((d) => d.requests === 1)).toBe(true);

      const requests = (await roundupRequests()).map((r) => JSON.parse(r.body || '{}') as Record<string, never>);
      const eu = requests.find((r) => (r.to as string[] | undefined)?.[0] === `eu-${tag}@happy.test`) as unknown as {
        subject: string;
        text: string;
        html: string;
        headers: Record<string, string>;
      };
      expect(eu.subject).toMatch(/weekly round-up/);
      expect(eu.text).toContain('Europe analysis');
      expect(eu.text).not.toContain('Asia analysis');
      expect(eu.html).toContain('Europe analysis');
      expect(eu.headers['List-Unsubscribe']).toMatch(/^<https:\/\/syndication\.test\/newsletter\/unsubscribe\?token=/);
      expect(eu.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(eu.text).toMatch(/\/newsletter\/preferences\?token=[\w.-]+/);

      const status = await waitFor(
        () => issueStatus(week.id),
        (s) => s.status === 'sent',
      );
      expect(status.sent).toBeGreaterThanOrEqual(2);
      expect(status.queued).toBe(0);
    },
  );
});
