import { beforeAll, describe, expect, it } from 'vitest';
import { seedFixtures } from '../support/fixtures';
import { request } from '../support/http';
import { feedsJson, poll, rows, today, UA } from './support';

// Seeding takes seconds on a busy machine; give it more than the default hook timeout.
beforeAll(seedFixtures, 60_000);

const byName = (readers: { name: string; subscribers: number }[]) =>
  Object.fromEntries(readers.map((r) => [r.name, r.subscribers]));

describe('subscribers announced by aggregators', () => {
  it('counts each reader by its latest announced count, named as its maker writes it', async () => {
    const path = '/feeds/region/europe.rss';
    for (const ua of [UA.inoreader, UA.feedbin, UA.newsblur, UA.newsblurOne, UA.oldReader, UA.bazqux, UA.feedfetcher])
      expect((await poll(path, ua)).status).toBe(200);
    // Inoreader polls again: its new count replaces the old one, it is not added to it.
    await poll(path, 'Mozilla/5.0 (compatible; inoreader.com; 27 subscribers)');
    const { res, body } = await feedsJson();
    expect(res.status).toBe(200);
    expect(body.from).toBe(today());
    expect(body.to).toBe(today());
    const feed = body.feeds.find((f) => f.path === path)!;
    expect(byName(feed.readers)).toEqual({
      Inoreader: 27,
      Feedbin: 12,
      NewsBlur: 8,
      'The Old Reader': 3,
      BazQux: 5,
      'Google Feedfetcher': 9,
    });
    expect(feed.subscribers).toBe(27 + 12 + 8 + 3 + 5 + 9);
    expect(feed.readers.map((r) => r.subscribers)).toEqual([27, 12, 9, 8, 5, 3]);
    expect(feed.requests).toBe(8);
    expect(
      await rows(
        'SELECT reader, feed_id AS feedId, subscribers FROM subscriber_daily WHERE path = ? AND reader = ?',
        path,
        'NewsBlur',
      ),
    ).toEqual([
      { reader: 'NewsBlur', feedId: '6000123', subscribers: 7 },
      { reader: 'NewsBlur', feedId: '6000124', subscribers: 1 },
    ]);
  });

  it('sums different feed-ids of one reader for the same feed, and keeps each one at its latest count', async () => {
    const path = '/feeds/kind/analysis.atom';
    await poll(path, 'Mozilla/5.0 (compatible; theoldreader.com; 4 subscribers; feed-id=aaa111)');
    await poll(path, 'Mozilla/5.0 (compatible; theoldreader.com; 6 subscribers; feed-id=bbb222)');
    await poll(path, 'Mozilla/5.0 (compatible; theoldreader.com; 5 subscribers; feed-id=aaa111)');
    await poll(path, 'Mozilla/5.0 (compatible; theoldreader.com; 5 subscribers; feed-id=aaa111)');
    const feed = (await feedsJson()).body.feeds.find((f) => f.path === path)!;
    expect(feed.readers).toEqual([{ name: 'The Old Reader', subscribers: 11 }]);
    expect(feed.subscribers).toBe(11);
  });
});

describe('readers that announce nothing', () => {
  it('counts distinct clients per reader: one address polling twice is one, two addresses are two', async () => {
    const path = '/feeds/tag/china.json';
    await poll(path, UA.netNewsWire, '192.0.2.1');
    await poll(path, UA.netNewsWire, '192.0.2.1');
    await poll(path, UA.netNewsWire, '192.0.2.2');
    await poll(path, UA.miniflux, '192.0.2.1');
    await poll(path, UA.newsboat, '2001:db8::1');
    await poll(path, UA.firefox, '192.0.2.9');
    const feed = (await feedsJson()).body.feeds.find((f) => f.path === path)!;
    expect(byName(feed.readers)).toEqual({ NetNewsWire: 2, Miniflux: 1, newsboat: 1, 'Web browser': 1 });
    expect(feed.subscribers).toBe(5);
    expect(await rows('SELECT clients FROM client_daily WHERE path = ? AND reader = ?', path, 'NetNewsWire')).toEqual([
      { clients: 2 },
    ]);
  });

  it('does not count search crawlers, uptime checks and link previews as subscribers, only as requests', async () => {
    const path = '/feeds/region/africa.rss';
    for (const ua of [UA.googlebot, UA.uptime, UA.slack]) await poll(path, ua);
    const feed = (await feedsJson()).body.feeds.find((f) => f.path === path)!;
    expect(feed).toMatchObject({ subscribers: 0, readers: [], requests: 3 });
  });
});

describe('traffic', () => {
  it('counts requests and 304s per feed, with bytes sent and the bytes the 304s saved', async () => {
    const path = '/feeds/region/middle-east.json';
    const first = await poll(path, UA.netNewsWire);
    const size = (await first.arrayBuffer()).byteLength;
    const etag = first.headers.get('etag')!;
    const second = await poll(path, UA.netNewsWire, '198.51.100.7', { 'if-none-match': etag });
    expect(second.status).toBe(304);
    await poll(path, UA.netNewsWire, '198.51.100.7', { 'if-none-match': etag });
    // A HEAD is a request, but sends no body and does not count as one.
    expect((await request(path, { method: 'HEAD' })).status).toBe(200);
    const feed = (await feedsJson()).body.feeds.find((f) => f.path === path)!;
    expect(feed).toMatchObject({ requests: 4, notModified: 2, bytesSent: size, bytesSaved: 2 * size });
    expect(await rows('SELECT day, requests, not_modified AS nm FROM feed_daily WHERE path = ?', path)).toEqual([
      { day: today(), requests: 4, nm: 2 },
    ]);
  });
});
