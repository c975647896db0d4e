import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { timingSafeEqual } from 'hono/utils/buffer';
import { config, type AppEnv } from '../env';

/**
 * The editors' dashboard signs in once with the admin token typed into a form; from then on a signed, expiring
 * session cookie stands for it. The cookie is HttpOnly (no script reads it), Secure, SameSite=Strict (no other site
 * can make the browser send it) and scoped to the dashboard's path. The token never appears in a URL or in
 * localStorage, and the JSON API under /admin keeps bearer tokens only: this cookie opens nothing but the dashboard.
 */
export const SESSION_COOKIE = 'analytics_session';
export const SESSION_PATH = '/admin/analytics';
/** A working day: long enough not to nag, short enough that a forgotten browser session ends by itself. */
export const SESSION_SECONDS = 8 * 60 * 60;

/** Keyed by the admin token: rotating the token ends every session. The label keeps this key apart from others. */
const sessionSecret = (env: Env) => `analytics-session\n${config(env).ADMIN_TOKEN}`;

export function tokenMatches(c: Context<AppEnv>, token: string): Promise<boolean> {
  return timingSafeEqual(token, config(c.env).ADMIN_TOKEN);
}

export async function startSession(c: Context<AppEnv>): Promise<void> {
  const expires = Date.now() + SESSION_SECONDS * 1000;
  await setSignedCookie(c, SESSION_COOKIE, String(expires), sessionSecret(c.env), {
    path: SESSION_PATH,
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: SESSION_SECONDS,
  });
}

export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: SESSION_PATH, secure: true, httpOnly: true, sameSite: 'Strict' });
}

/** Whether the request carries a session cookie that we signed and that has not expired. */
export async function hasSession(c: Context<AppEnv>): Promise<boolean> {
  const value = await getSignedCookie(c, sessionSecret(c.env), SESSION_COOKIE);
  if (typeof value !== 'string' || !/^\d{13}$/.test(value)) return false;
  return Number(value) > Date.now();
}

/**
 * A POST that changes the session must come from the dashboard itself. SameSite=Strict already keeps the cookie off
 * cross-site requests; checking `Origin` (or, where a browser sends none, `Sec-Fetch-Site`) also stops a
 * cross-site form from signing a browser in or out (login CSRF). Hono's csrf() checks form posts only and answers
 * plain text; this one applies to every content type and lets the route answer with a page.
 */
export function sameOriginPost(c: Context<AppEnv>): boolean {
  const origin = c.req.header('origin');
  // Our pages send `Referrer-Policy: no-referrer`, under which browsers post forms with `Origin: null` (Fetch,
  // "serializing a request origin"); Sec-Fetch-Site still tells same-origin from cross-site then.
  if (origin !== undefined && origin !== 'null') return origin === new URL(c.req.url).origin;
  return c.req.header('sec-fetch-site') === 'same-origin';
}

/** Lets a request through when it has a session; otherwise sends a browser to the sign-in form. */
export function dashboardSession(): MiddlewareHandler<AppEnv> {
  return async function dashboardSession(c, next) {
    if (await hasSession(c)) return next();
    return c.redirect(`${SESSION_PATH}/sign-in`, 303);
  };
}
