import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../env';
import { ProblemError, fieldErrors } from '../http/problem';
import { fromStorage } from '../http/storage-unavailable';
import { newsletterConfig } from '../newsletter/config';
import { exportStream } from '../newsletter/export';
import { SubscriberStatus } from '../newsletter/schema';

const ExportQuery = z.strictObject({
  status: SubscriberStatus.optional(),
  format: z.enum(['csv', 'ndjson']).default('ndjson'),
  cursor: z.string().max(2000).optional(),
});

/**
 * `GET /admin/subscribers?status=confirmed&format=csv|ndjson` streams subscribers for syncing to
 * the mailing service. A very large list comes in pages: follow the `Link: rel="next"` header.
 */
export const adminSubscribers = new Hono<AppEnv>().get('/', async (c) => {
  const parsed = ExportQuery.safeParse(c.req.query());
  if (!parsed.success)
    throw new ProblemError('bad-request', {
      errors: fieldErrors(parsed.error).map((e) => ({ ...e, pointer: e.pointer.replace(/^#\/?/, '?') })),
    });
  const { status, format, cursor } = parsed.data;
  const nc = newsletterConfig(c.env);
  const page = await fromStorage('subscriber export', () => c.var.subscribers.exportPage(status, cursor));
  const headers: Record<string, string> = {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (format === 'csv')
    headers['content-disposition'] = `attachment; filename="subscribers${status ? `-${status}` : ''}.csv"`;
  if (page.next) {
    const next = new URL(c.req.url);
    next.searchParams.set('cursor', page.next);
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  const origin = new URL(c.req.url).origin;
  return new Response(
    exportStream({ store: c.var.subscribers, secret: nc.NEWSLETTER_SECRET, origin, format }, page.ids),
    { headers },
  );
});
