import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { fromStorage } from '../http/storage-unavailable';
import { toCsv } from './csv';
import {
  feedsReport,
  heldReport,
  parseNoQuery,
  parseWindow,
  signupsReport,
  widgetsReport,
  type Window,
} from './report';
import { analyticsStoreOf, type AnalyticsStore } from './store';

type Ctx = Context<AppEnv>;

const NO_STORE = { 'cache-control': 'no-store' };

/** Runs one report over the window the query asks for, against D1, with storage failures answered as 503. */
async function report<T>(c: Ctx, what: string, run: (store: AnalyticsStore, w: Window) => Promise<T>): Promise<T> {
  const w = parseWindow(c.req.query());
  const store = analyticsStoreOf(c.env);
  return fromStorage(`analytics ${what}`, () => run(store, w));
}

const json = (what: string, run: (store: AnalyticsStore, w: Window) => Promise<unknown>) => async (c: Ctx) =>
  c.json(await report(c, what, run), 200, NO_STORE);

/** A CSV export of one daily rollup; the file name carries the window so downloads do not overwrite each other. */
const csv =
  <T extends object>(
    name: string,
    columns: (keyof T & string)[],
    rows: (store: AnalyticsStore, w: Window) => Promise<T[]>,
  ) =>
  async (c: Ctx) => {
    const w = parseWindow(c.req.query());
    const body = toCsv(columns, await report(c, `${name} export`, rows));
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}-${w.from}-${w.to}.csv"`,
      ...NO_STORE,
    });
  };

/** The analytics API, behind the admin bearer token like every /admin route (app.ts). */
export const analyticsApi = new Hono<AppEnv>()
  .get('/feeds.json', json('feeds', feedsReport))
  .get('/widgets.json', json('widgets', widgetsReport))
  .get('/signups.json', json('signups', signupsReport))
  // Held counts are states, not daily figures: no window.
  .get('/unverified.json', async (c) => {
    parseNoQuery(c.req.query());
    const store = analyticsStoreOf(c.env);
    return c.json(await fromStorage('analytics unverified', () => heldReport(store)), 200, NO_STORE);
  })
  .get(
    '/feeds.csv',
    csv('feeds', ['day', 'path', 'requests', 'notModified', 'bytesSent', 'bytesSaved'], (s, w) =>
      s.dailyFeeds(w.from, w.to),
    ),
  )
  .get(
    '/subscribers.csv',
    csv('subscribers', ['day', 'path', 'reader', 'subscribers', 'counted'], async (s, w) =>
      (await s.dailyReaders(w.from, w.to)).map(({ clients, ...r }) => ({
        ...r,
        counted: clients ? 'distinct clients' : 'announced',
      })),
    ),
  )
  .get(
    '/widgets.csv',
    csv('widgets', ['day', 'origin', 'loads'], (s, w) => s.dailyWidgets(w.from, w.to)),
  )
  .get(
    '/signups.csv',
    csv('signups', ['day', 'source', 'signups'], (s, w) => s.dailySignups(w.from, w.to)),
  );
