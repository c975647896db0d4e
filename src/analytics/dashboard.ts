import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { config, type AppEnv } from '../env';
import { ProblemError } from '../http/problem';
import { fromStorage } from '../http/storage-unavailable';
import { analyticsConfig } from './config';
import { renderDashboard, renderMessage, renderSignIn } from './dashboard-page';
import { feedsReport, heldReport, parseWindow, signupsReport, widgetsReport } from './report';
import { dashboardSession, endSession, sameOriginPost, SESSION_PATH, startSession, tokenMatches } from './session';
import { analyticsStoreOf } from './store';

type Ctx = Context<AppEnv>;
type PageStatus = 200 | 400 | 403 | 413 | 429 | 503;

/** The dashboard's own paths: they take the session cookie, and the bearer check of /admin/* leaves them alone. */
/** The dashboard and its sign-in and sign-out: a session cookie instead of the bearer token. */
export const DASHBOARD_PATHS = new Set([SESSION_PATH, `${SESSION_PATH}/sign-in`, `${SESSION_PATH}/sign-out`]);
export const isDashboardPath = (c: Ctx) => DASHBOARD_PATHS.has(c.req.path);

const NO_STORE = { 'cache-control': 'no-store' };

function page(c: Ctx, body: (site: string, lang: string) => string, status: PageStatus = 200): Response {
  const { SITE } = config(c.env);
  return c.html(body(SITE.name, SITE.language), status, NO_STORE);
}

/** Problems below a page (a bad window, D1 not answering) become readable pages with the problem's status. */
async function asPage(c: Ctx, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const detail = [
      error.init.detail ?? error.message,
      ...(error.init.errors ?? []).map((e) => `${e.pointer}: ${e.detail}`),
    ];
    const title = error.code === 'bad-request' ? 'This address is not right' : 'The analytics are not available';
    return c.html(
      renderMessage(config(c.env).SITE.name, config(c.env).SITE.language, title, detail.join(' ')),
      error.code === 'bad-request' ? 400 : 503,
      { ...NO_STORE, ...error.init.headers },
    );
  }
}

/** The sign-in limiter's period (wrangler.toml, SIGN_IN_LIMITER). */
const SIGN_IN_RETRY_SECONDS = 60;

/**
 * Whether this client address may try a token now: five attempts a minute (Workers Rate Limiting). Counted before
 * the token is read, so a right token is refused too while the address is over the limit; a limiter that fails
 * lets the attempt through (the token itself is the protection; this only slows guessing).
 */
async function signInAllowed(c: Ctx): Promise<boolean> {
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  try {
    const limiter = analyticsConfig(c.env).SIGN_IN_LIMITER;
    return (await limiter.limit({ key: `sign-in:${ip}` })).success;
  } catch (error) {
    console.error(JSON.stringify({ event: 'analytics.sign_in_limiter_failed', error: String(error) }));
    return true;
  }
}

const refused = (c: Ctx) =>
  page(c, (s, l) => renderMessage(s, l, 'Refused', 'Sign-in and sign-out work only from this site’s own pages.'), 403);

/** `/admin/analytics`: the editors' dashboard, its sign-in and sign-out. */
export const analyticsDashboard = new Hono<AppEnv>()
  .get('/', dashboardSession(), (c) =>
    asPage(c, async () => {
      const w = parseWindow(c.req.query());
      const store = analyticsStoreOf(c.env);
      const data = await fromStorage('analytics dashboard', async () => {
        const [feeds, dailyReaders, dailyFeeds, widgets, signups, held] = await Promise.all([
          feedsReport(store, w),
          store.dailyReaders(w.from, w.to),
          store.dailyFeeds(w.from, w.to),
          widgetsReport(store, w),
          signupsReport(store, w),
          heldReport(store),
        ]);
        return {
          window: w,
          feeds: feeds.feeds,
          dailyReaders,
          dailyFeeds,
          widgets: widgets.origins,
          signups: signups.sources,
          unverified: held.unverified,
        };
      });
      return page(c, (s, l) => renderDashboard(s, l, data));
    }),
  )
  .get('/sign-in', (c) => page(c, renderSignIn))
  .post(
    '/sign-in',
    bodyLimit({
      maxSize: 4096,
      onError: (c) => page(c as Ctx, (s, l) => renderSignIn(s, l, 'That was too long to be a token.'), 413),
    }),
    async (c) => {
      if (!sameOriginPost(c)) return refused(c);
      if (!(await signInAllowed(c))) {
        c.header('retry-after', String(SIGN_IN_RETRY_SECONDS));
        return page(
          c,
          (s, l) => renderSignIn(s, l, 'Too many sign-in attempts from here; try again in a minute.'),
          429,
        );
      }
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const token = typeof form.token === 'string' ? form.token : '';
      if (token === '' || !(await tokenMatches(c, token)))
        return page(c, (s, l) => renderSignIn(s, l, 'That token is not right.'), 403);
      await startSession(c);
      return c.redirect(SESSION_PATH, 303);
    },
  )
  .post('/sign-out', (c) => {
    if (!sameOriginPost(c)) return refused(c);
    endSession(c);
    return c.redirect(`${SESSION_PATH}/sign-in`, 303);
  });
