/**
 * What a feed poll's User-Agent says about its audience. Aggregators announce how many of their users follow the
 * feed ("134 subscribers", sometimes with a feed-id of their own); other readers announce nothing and are counted
 * as distinct clients; bots that are not readers are not an audience at all.
 */
export type Poller =
  | { kind: 'announced'; reader: string; subscribers: number; feedId: string }
  | { kind: 'client'; reader: string }
  | { kind: 'bot' };

/** The most any reader has announced for one feed is in the low millions; more is a forged header. */
export const MAX_ANNOUNCED = 10_000_000;
/** Real User-Agents are a few hundred bytes; a longer one is not a reader we can name. */
const MAX_UA_LENGTH = 512;

/** Announcing readers, named as their makers write them, matched on the token each one sends. */
const ANNOUNCING: [RegExp, string][] = [
  [/\bFeedly\b/i, 'Feedly'],
  [/\binoreader\.com\b|\bInoreader\b/i, 'Inoreader'],
  [/\bFeedbin\b/i, 'Feedbin'],
  [/\bNewsBlur\b/i, 'NewsBlur'],
  [/\btheoldreader\.com\b|\bThe Old Reader\b/i, 'The Old Reader'],
  [/\bBazQux\b/i, 'BazQux'],
  [/\bFeedfetcher-Google\b/i, 'Google Feedfetcher'],
  [/\bNetvibes\b/i, 'Netvibes'],
  [/\bFeedspot\b/i, 'Feedspot'],
  [/\bFeedHQ\b/i, 'FeedHQ'],
  [/\bFeeder\.co\b|\bFeeder\b/, 'Feeder'],
];

/** Readers that announce nothing: each is counted as its distinct clients. */
const CLIENTS: [RegExp, string][] = [
  [/\bNetNewsWire\b/i, 'NetNewsWire'],
  [/\bMiniflux\b/i, 'Miniflux'],
  [/\bnewsboat\b/i, 'newsboat'],
  [/\bReeder\b/i, 'Reeder'],
  [/\bFreshRSS\b/i, 'FreshRSS'],
  [/\bTiny Tiny RSS\b|\btt-rss\b/i, 'Tiny Tiny RSS'],
  [/\bNewsFlash\b/i, 'NewsFlash'],
  [/\bThunderbird\b/i, 'Thunderbird'],
  [/\bAkregator\b/i, 'Akregator'],
  [/\bLiferea\b/i, 'Liferea'],
  [/\bQuiteRSS\b/i, 'QuiteRSS'],
  [/\bVienna\b/, 'Vienna'],
  [/\bUniversalFeedParser\b|\bfeedparser\b/i, 'feedparser'],
];

/** Search crawlers, uptime checks, link previews, validators: polls, but nobody reading. */
const BOT =
  /bot\b|bot\/|crawler|spider|slurp|preview|uptime|monitor|pingdom|statuscake|site24x7|headless|lighthouse|facebookexternalhit|embedly|whatsapp|slack|discord|telegram|skype|validator|ahrefs|semrush|archive\.org|yandex|baidu|bingpreview|duckduckgo|applebot/i;

/** Anything else that a browser engine sends; checked after the readers, which often start with "Mozilla/5.0". */
const BROWSER = /\b(?:Chrome|Firefox|Safari|Edg|OPR)\/\d/;

const COUNT = /(?:^|[\s;(,-])(\d+)\s+(?:subscribers?|readers?)\b/i;
const FEED_ID = /feed-?id[:=]\s*([A-Za-z0-9_-]{1,64})|\/site\/(\d{1,20})\//i;
/** A product token such as "Foo/1.2" or "compatible; Foo/1.2": the name of an announcing reader we do not list. */
const PRODUCT = /^\s*(?:compatible;\s*)?([A-Za-z][A-Za-z0-9 ._-]{1,39}?)(?:\/[\d.]+|;|\s+-\s+|\s+\(|$)/;

/**
 * Classifies one User-Agent. A header that is empty, overlong or carries control characters names no reader and
 * counts as a bot: counting it could only let a forger add readers with made-up names.
 */
export function classifyUserAgent(userAgent: string | undefined): Poller {
  const key = userAgent ?? '';
  const known = recent.get(key);
  if (known) return known;
  const poller = classify(key.trim());
  // An aggregator sends the same header on every poll: remember the newest answers (Map order is insertion order).
  if (recent.size >= RECENT_ENTRIES) recent.delete(recent.keys().next().value!);
  if (key.length <= MAX_UA_LENGTH) recent.set(key, poller);
  return poller;
}

/** Answers for the most recently classified headers; a few hundred cover the readers polling one isolate. */
const RECENT_ENTRIES = 512;
const recent = new Map<string, Poller>();

function classify(ua: string): Poller {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (ua === '' || ua.length > MAX_UA_LENGTH || /[\u0000-\u001f\u007f]/.test(ua)) return { kind: 'bot' };
  const announced = announcedCount(ua);
  const named = ANNOUNCING.find(([pattern]) => pattern.test(ua))?.[1];
  if (announced !== undefined) {
    const reader = named ?? unlistedReader(ua);
    if (reader === undefined || announced.subscribers > MAX_ANNOUNCED) return { kind: 'bot' };
    return { kind: 'announced', reader, ...announced };
  }
  if (named) return { kind: 'client', reader: named };
  const client = CLIENTS.find(([pattern]) => pattern.test(ua))?.[1];
  if (client) return { kind: 'client', reader: client };
  if (BOT.test(ua)) return { kind: 'bot' };
  if (BROWSER.test(ua)) return { kind: 'client', reader: 'Web browser' };
  return { kind: 'client', reader: 'Other' };
}

function announcedCount(ua: string): { subscribers: number; feedId: string } | undefined {
  const count = COUNT.exec(ua);
  if (!count) return undefined;
  const id = FEED_ID.exec(ua);
  return { subscribers: Number(count[1]), feedId: id?.[1] ?? id?.[2] ?? '' };
}

/** "Mozilla/5.0 (compatible; Foo/1.2; 9 subscribers)" → "Foo"; undefined when no plausible name is there. */
function unlistedReader(ua: string): string | undefined {
  const inner = /\(compatible;\s*([^;)]+)/i.exec(ua)?.[1] ?? ua;
  const name = PRODUCT.exec(inner)?.[1]?.trim();
  if (!name || /^mozilla$/i.test(name)) return undefined;
  return name;
}
