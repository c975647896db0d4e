import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoundupStore } from '../../src/roundup/roundup-store';
import { REGIONS, type Region } from '../../src/schema/taxonomy';
import { admin } from '../support/http';
import { addSubscribers, deliveredFor, issueStatus, publishInWeek, testWeek, waitFor } from './support';

const READERS = 5000;

afterEach(async () => {
  vi.restoreAllMocks();
  await fetch('https://standins.test/reset?host=roundup-mail.test');
});

describe('sending through failures', () => {
  it(
    `sends exactly one email to each of ${READERS} confirmed readers through API failures, lost answers and a consumer crash`,
    { timeout: 240_000 },
    async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const week = testWeek(3);
      // One analysis per region, so every reader's regions have something this week.
      await publishInWeek(
        week,
        REGIONS.map((region, i) => ({ kind: 'analysis' as const, regions: [region], hoursIn: 6 + i })),
      );
      const tag = crypto.randomUUID().slice(0, 8);
      const regionsOf = (i: number): Region[] =>
        i % 4 === 0 ? [] : [REGIONS[i % REGIONS.length]!, ...(i % 3 === 0 ? [REGIONS[(i + 2) % REGIONS.length]!] : [])];
      const confirmed = Array.from({ length: READERS }, (_, i) => ({
        email: `r${i}-${tag}@bulk.test`,
        status: 'confirmed' as const,
        regions: regionsOf(i),
      }));
      const others = Array.from({ length: 150 }, (_, i) => ({
        email: `x${i}-${tag}@bulk.test`,
        status: i % 2 ? ('pending' as const) : ('unsubscribed' as const),
        regions: [],
      }));
      await addSubscribers([...confirmed, ...others]);
      expect((await admin('POST', `/admin/roundup/issues?week=${week.id}`)).status).toBe(201);

      // The email API fails every 97th request outright, loses the answer to every 89th (delivered, but the
      // worker sees a 503), and refuses everything for a while; the consumer dies once right after a mail went out.
      await fetch('https://standins.test/fail?host=roundup-mail.test&every=97&lose=89');
      let writes = 0;
      const record = RoundupStore.prototype.record;
      vi.spyOn(RoundupStore.prototype, 'record').mockImplementation(async function (this: RoundupStore, ...args) {
        if (++writes === 1234) throw new Error('worker died (injected)');
        if (writes === 2500) await fetch('https://standins.test/fail?host=roundup-mail.test&times=40');
        return record.apply(this, args);
      });

      expect((await admin('POST', `/admin/roundup/issues/${week.id}/send`)).status).toBe(202);
      const mine = async () => (await deliveredFor(week.id)).filter((d) => d.to.endsWith(`-${tag}@bulk.test`));
      const progress: number[] = [];
      const status = await waitFor(
        async () => {
          const s = await issueStatus(week.id);
          progress.push(s.sent);
          return s;
        },
        (s) => s.status === 'sent',
        200_000,
      );
      expect(writes).toBeGreaterThan(READERS); // the crash and the failures really happened on this path
      const delivered = await mine();
      const byAddress = new Map<string, number>();
      for (const d of delivered) byAddress.set(d.to, (byAddress.get(d.to) ?? 0) + 1);
      expect(byAddress.size).toBe(READERS);
      expect([...byAddress.values()].every((n) => n === 1)).toBe(true);
      expect(delivered.some((d) => d.requests > 1)).toBe(true); // retries with the same key were deduplicated
      for (const o of others) expect(byAddress.has(o.email)).toBe(false);

      // The ledger says the same: one outcome per reader, all "sent".
      const store = new RoundupStore(env.CONTENT);
      const counts = await store.counts(week.id);
      expect(counts.fanOutComplete).toBe(true);
      expect(status.failed).toBe(0);
      expect(status.queued).toBe(0);
      expect(status.sent).toBeGreaterThanOrEqual(READERS);
      // Counts were visible while it went.
      expect(progress.some((n) => n > 0 && n < READERS)).toBe(true);
    },
  );
});
