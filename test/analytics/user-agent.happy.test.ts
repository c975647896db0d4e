import { describe, expect, it } from 'vitest';
import { classifyUserAgent } from '../../src/analytics/user-agent';
import { judgeCount, NO_STATE, REPEAT_AFTER_MS } from '../../src/analytics/verification';
import { UA } from './support';

describe('classifyUserAgent', () => {
  it.each([
    [UA.feedly, 'Feedly', 134, ''],
    ['Feedly/1.0 (+https://feedly.com/poller.html; 16 subscribers; )', 'Feedly', 16, ''],
    [UA.inoreader, 'Inoreader', 25, ''],
    [UA.feedbin, 'Feedbin', 12, '4242'],
    [UA.newsblur, 'NewsBlur', 7, '6000123'],
    [UA.newsblurOne, 'NewsBlur', 1, '6000124'],
    [UA.oldReader, 'The Old Reader', 3, '0719af'],
    [UA.bazqux, 'BazQux', 5, ''],
    [UA.feedfetcher, 'Google Feedfetcher', 9, '1234567890'],
    ['Mozilla/5.0 (compatible; Acme Reader/3.1; 42 subscribers; feed-id=x9)', 'Acme Reader', 42, 'x9'],
    ['SomeAggregator/2.0 (+https://agg.example; 8 readers)', 'SomeAggregator', 8, ''],
  ])('reads %s as %s announcing %i (feed-id "%s")', (ua, reader, subscribers, feedId) => {
    expect(classifyUserAgent(ua)).toEqual({ kind: 'announced', reader, subscribers, feedId });
  });

  it.each([
    [UA.netNewsWire, 'NetNewsWire'],
    [UA.miniflux, 'Miniflux'],
    [UA.newsboat, 'newsboat'],
    [UA.firefox, 'Web browser'],
    ['Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15', 'Web browser'],
    ['UniversalFeedParser/6.0.11 +https://github.com/kurtmckee/feedparser/', 'feedparser'],
    ['Mozilla/5.0 (compatible; inoreader.com)', 'Inoreader'],
    ['curl/8.5.0', 'Other'],
  ])('counts %s as clients of %s', (ua, reader) => {
    expect(classifyUserAgent(ua)).toEqual({ kind: 'client', reader });
  });

  it.each([
    UA.googlebot,
    UA.uptime,
    UA.slack,
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    'W3C_Validator/1.3',
    'Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)',
    '',
    undefined,
    'Feedly/1.0 (; 99999999999 subscribers; )',
    `Feedly/1.0 (; 5 subscribers; ) ${'a'.repeat(600)}`,
    'Feedbin\u0000 - 5 subscribers',
    'Mozilla/5.0 (compatible; 12 subscribers)',
  ])('counts %j as nobody', (ua) => {
    expect(classifyUserAgent(ua)).toEqual({ kind: 'bot' });
  });
});

describe('judgeCount', () => {
  const t0 = Date.UTC(2026, 0, 1);
  it('accepts falling counts and rises up to tenfold at once', () => {
    const base = { ...NO_STATE, verified: 50, verifiedAt: t0 };
    expect(judgeCount(base, 500, t0 + 1).accepted).toBe(true);
    expect(judgeCount(base, 501, t0 + 1).accepted).toBe(false);
    expect(judgeCount(base, 2, t0 + 1).accepted).toBe(true);
  });

  it('accepts a held jump only when a poll at least an hour later repeats it within tenfold', () => {
    const held = judgeCount({ ...NO_STATE, verified: 50, verifiedAt: t0 }, 9000, t0).state;
    expect(held).toMatchObject({ verified: 50, held: 9000, heldAt: t0 });
    expect(judgeCount(held, 9100, t0 + REPEAT_AFTER_MS - 1)).toMatchObject({ accepted: false, state: { heldAt: t0 } });
    expect(judgeCount(held, 900_000, t0 + REPEAT_AFTER_MS)).toMatchObject({
      accepted: false,
      state: { held: 900_000, heldAt: t0 + REPEAT_AFTER_MS },
    });
    expect(judgeCount(held, 9100, t0 + REPEAT_AFTER_MS)).toMatchObject({ accepted: true, state: { verified: 9100 } });
  });

  it('lets a reader new to a feed announce up to 100 at once', () => {
    expect(judgeCount(NO_STATE, 100, t0).accepted).toBe(true);
    expect(judgeCount(NO_STATE, 101, t0).accepted).toBe(false);
  });
});
