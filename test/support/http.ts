import { exports } from 'cloudflare:workers';
import { TEST_ADMIN_TOKEN } from './constants';

const ORIGIN = 'https://syndication.test';

/** Sends a request to the worker under test, as a client on the internet would. */
export function request(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init));
}

/** Sends a request with the admin bearer token and, when given, a JSON body. */
export function admin(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
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
