import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../src/index';
import { TEST_ADMIN_TOKEN } from './constants';

export const ORIGIN = 'https://syndication.test';

/**
 * Sends a request to the worker under test, as a client on the internet would, and waits for the
 * work it deferred with waitUntil (cache writes, the content generation, hub pings) so assertions see its effects.
 * `bindings` replaces some of the worker's bindings, e.g. a KV namespace that fails.
 */
export async function request(
  path: string,
  init: RequestInit = {},
  bindings: { [K in keyof Env]?: unknown } = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(new URL(path, ORIGIN), init), { ...env, ...bindings } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Sends a request with the admin bearer token and, when given, a JSON body. */
export function admin(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return request(path, {
    method,
    headers: {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}
