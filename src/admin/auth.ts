import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { AppEnv } from '../env';
import { config } from '../env';
import { problem } from '../http/problem';

/** The protection space of every /admin route (RFC 6750 §3, RFC 9110 §11.5), named in each challenge. */
export const ADMIN_REALM = 'Edge Syndication publishing API';

const challenge = (error?: 'invalid_request' | 'invalid_token', description?: string) =>
  // RFC 6750 §3: no error code when the request carried no credentials at all.
  `Bearer realm="${ADMIN_REALM}"${error ? `, error="${error}", error_description="${description}"` : ''}`;

/**
 * `Authorization: Bearer <ADMIN_TOKEN>` on every admin route. Hono's comparison hashes both sides
 * before comparing, so neither the token's length nor its first wrong byte shows in the timing.
 * A token anywhere else (query string, cookie) is ignored and the request is a 401.
 */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  const unauthorized = (c: Context<AppEnv>) => problem(c, 'unauthorized');
  return bearerAuth({
    verifyToken: (token, c) => timingSafeEqual(token, config(c.env).ADMIN_TOKEN),
    noAuthenticationHeader: { wwwAuthenticateHeader: challenge(), message: unauthorized },
    invalidToken: {
      wwwAuthenticateHeader: challenge('invalid_token', 'The token is not the admin token'),
      message: unauthorized,
    },
    invalidAuthenticationHeader: {
      wwwAuthenticateHeader: challenge('invalid_request', 'Send the token as Authorization: Bearer <token>'),
      message: (c: Context<AppEnv>) =>
        problem(c, 'bad-request', { detail: 'Send the token as "Authorization: Bearer <token>".' }),
    },
  });
}
