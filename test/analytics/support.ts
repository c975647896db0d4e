import { env } from 'cloudflare:workers';
import type { FeedReport } from '../../src/analytics/report';
import { admin, request } from '../support/http';

export const UA = {
  feedly: 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 134 subscribers; )',
  inoreader: 'Mozilla/5.0 (compatible; inoreader.com; 25 subscribers)',
  feedbin: 'Feedbin feed-id:4242 - 12 subscribers',
  newsblur: 'NewsBlur Feed Fetcher - 7 subscribers - https://www.newsblur.com/site/6000123/name (Mozilla/5.0)',
  newsblurOne: 'NewsBlur Feed Fetcher - 1 subscriber - https://www.newsblur.com/site/6000124/name (Mozilla/5.0)',
  oldReader: 'Mozilla/5.0 (compatible; theoldreader.com; 3 subscribers; feed-id=0719af)',
  bazqux: 'Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 5 subscribers)',
  feedfetcher: 'Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 9 subscribers; feed-id=1234567890)',
  netNewsWire: 'NetNewsWire (RSS Reader; https://netnewswire.com/)',
  miniflux: 'Mozilla/5.0 (compatible; Miniflux/2.1.0; +https://miniflux.app)',
  newsboat: 'newsboat/2.36 (Linux x86_64)',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  uptime: 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
  slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
} as const;

/** Polls a feed as a reader would; each call is its own request whose analytics batch is written before it returns. */
export function poll(path: string, userAgent: string, ip = '198.51.100.7', headers: Record<string, string> = {}) {
  return request(path, { headers: { 'user-agent': userAgent, 'cf-connecting-ip': ip, ...headers } });
}

/** Rows of one D1 table, as the batches left them. */
export async function rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
  return (
    await env.ANALYTICS.prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;
}

export async function feedsJson(days = 1) {
  const res = await admin('GET', `/admin/analytics/feeds.json?days=${days}`);
  return { res, body: (await res.json()) as FeedsJson };
}

export interface FeedsJson {
  from: string;
  to: string;
  feeds: FeedReport[];
}

export const today = () => new Date().toISOString().slice(0, 10);

/**
 * The ANALYTICS binding with its writes counted; with `fail`, every statement run and batch rejects, as in a D1
 * outage. Reads of prepared statements pass through otherwise, so the rest of the data stays intact.
 */
export function watchedD1(fail = false): { db: D1Database; batches: () => number } {
  let batches = 0;
  const failure = () => Promise.reject(new Error('D1_ERROR: database unavailable (injected fault)'));
  const db = new Proxy(env.ANALYTICS, {
    get(target, prop) {
      if (prop === 'batch')
        return (statements: D1PreparedStatement[]) => {
          batches++;
          return fail ? failure() : target.batch(statements);
        };
      if (prop === 'prepare' && fail)
        return () => {
          const statement = { bind: () => statement, all: failure, run: failure, first: failure, raw: failure };
          return statement;
        };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, batches: () => batches };
}

/** Every row of every analytics table, as text: what a privacy check searches. */
export async function everyAnalyticsRow(): Promise<string> {
  const tables = await rows<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  );
  const dump: unknown[] = [];
  for (const { name } of tables) dump.push(name, await rows(`SELECT * FROM "${name}"`));
  return JSON.stringify(dump);
}
