import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';
import { renderErrorPage } from '../pages/error-page';
import { Site } from '../schema/site';

/**
 * Every error the service answers with, mapped to its HTTP status in one place.
 * The `type` URI of a problem document is `/problems/<code>` on this service (RFC 9457 §3.1.1).
 */
export const PROBLEMS = {
  'bad-request': { status: 400, title: 'The request is malformed' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'This request is not allowed' },
  'not-found': { status: 404, title: 'Nothing is here' },
  'method-not-allowed': { status: 405, title: 'This method is not allowed here' },
  conflict: { status: 409, title: 'The request conflicts with what is stored' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body has the wrong content type' },
  'validation-failed': { status: 422, title: 'The request body failed validation' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  unavailable: { status: 503, title: 'The service is temporarily unavailable' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** One failing field, located by a JSON Pointer into the request body (RFC 6901). */
export interface FieldError {
  pointer: string;
  detail: string;
}

export interface ProblemInit {
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 §3.2), e.g. a request id. */
  extensions?: Record<string, unknown>;
}

/** Builds the body of a problem document; exported for per-item results inside batch answers. */
export function problemBody(code: ProblemCode, instance: string, init: ProblemInit = {}) {
  const { status, title } = PROBLEMS[code];
  return {
    type: `/problems/${code}`,
    title,
    status,
    // JSON.stringify leaves out the members that are undefined.
    detail: init.detail,
    instance,
    errors: init.errors,
    ...init.extensions,
  };
}

/** The one function that builds every error response: problem+json, never cached. */
export function problemResponse(code: ProblemCode, instance: string, init: ProblemInit = {}): Response {
  const body = problemBody(code, instance, init);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...init.headers,
    },
  });
}

/**
 * Whether the client asked for a page rather than data: `text/html` ranked at least as high as the problem or
 * JSON types (RFC 9110 §12.5.1), as a browser's navigation sends it. A wildcard alone (curl, fetch, feed readers,
 * the CMS) gets the problem document.
 */
export function wantsHtml(c: Context): boolean {
  return (
    accepts(c, {
      header: 'Accept',
      supports: ['application/problem+json', 'application/json', 'text/html'],
      default: 'application/problem+json',
    }) === 'text/html'
  );
}

/**
 * The error response for this request: a readable page when it accepts HTML, else the problem document.
 * Both carry the same status, details and headers; `Vary: Accept` because the choice depends on it.
 */
export function problem(c: Context, code: ProblemCode, init: ProblemInit = {}): Response {
  const negotiated = { ...init, headers: { vary: 'Accept', ...init.headers } };
  return wantsHtml(c)
    ? problemPage(c, code, negotiated)
    : problemResponse(code, new URL(c.req.url).pathname, negotiated);
}

/**
 * A problem as a page in the site's layout, whatever the request accepts: for HTML forms and links opened in a
 * browser. `back` is where the person came from, e.g. the form they posted.
 */
export function problemPage(
  c: Context,
  code: ProblemCode,
  init: ProblemInit = {},
  back?: { href: string; label: string },
): Response {
  const body = problemBody(code, new URL(c.req.url).pathname, init);
  // Read leniently: the page must render even when the configuration is what failed (a 503).
  const site = Site.safeParse((c.env as { SITE?: unknown } | undefined)?.SITE);
  return c.html(renderErrorPage({ problem: body, site: site.success ? site.data : undefined, back }), body.status, {
    'cache-control': 'no-store',
    ...init.headers,
  });
}

/** Thrown anywhere below a route; `app.onError` turns it into its problem document. */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly init: ProblemInit = {},
  ) {
    super(init.detail ?? PROBLEMS[code].title);
    this.name = 'ProblemError';
  }
}

/** Converts zod issues to RFC 6901 pointers so a CMS can highlight each failing field. */
export function fieldErrors(error: z.ZodError, basePointer = ''): FieldError[] {
  return error.issues.map((issue) => ({
    pointer: `#${basePointer}${issue.path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`,
    detail: issue.message,
  }));
}
