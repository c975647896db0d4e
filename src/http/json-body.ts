import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type * as z from 'zod';
import { fieldErrors, ProblemError } from './problem';

/** Rejects bodies over `maxSize` bytes with a 413 problem, before they are buffered. */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError('payload-too-large', { detail: `The body must be at most ${maxSize} bytes.` });
    },
  });
}

/** Reads a JSON request body, answering 415 for another content type and 400 for JSON that does not parse. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new ProblemError('unsupported-media-type', { detail: 'Send the body as application/json.' });
  }
  return parseJson(await c.req.text());
}

/** Parses JSON text, answering 400 (with `detail`) for text that is not JSON. */
export function parseJson(text: string, detail = 'The body is not valid JSON.'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError('bad-request', { detail });
  }
}

/** Validates `data` against `schema`, throwing a 422 problem that lists every failing field. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, pointer = ''): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ProblemError('validation-failed', { errors: fieldErrors(result.error, pointer) });
  }
  return result.data;
}
