import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { AppEnv } from '../env';
import { config } from '../env';
import { problem } from '../http/problem';

/**
 * `Authorization: Bearer <ADMIN_TOKEN>` on every admin route. Hono's comparison hashes both sides
 * before comparing, so neither the token's length nor its first wrong byte shows in the timing.
 * A token anywhere else (query string, cookie) is ignored and the request is a 401.
 */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  const unauthorized = { message: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => problem(c, 'unauthorized') };
  return bearerAuth({
    verifyToken: (token, c) => timingSafeEqual(token, config(c.env).ADMIN_TOKEN),
    noAuthenticationHeader: unauthorized,
    invalidToken: unauthorized,
    invalidAuthenticationHeader: {
      message: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) =>
        problem(c, 'bad-request', { detail: 'Send the token as "Authorization: Bearer <token>".' }),
    },
  });
}
