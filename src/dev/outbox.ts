import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { config, type AppEnv } from '../env';
import { ProblemError } from '../http/problem';
import { fromStorage } from '../http/storage-unavailable';
import { html, layout } from '../pages/layout';

/** The outbox exists only in development: anywhere else it is a 404, whatever the request. */
function developmentOnly(c: Context<AppEnv>): void {
  if (config(c.env).ENVIRONMENT !== 'development') throw new ProblemError('not-found');
}

/** The newest `limit` mails the development mailer kept, newest first. */
async function keptMails(c: Context<AppEnv>, limit: number) {
  return fromStorage('outbox', () => c.var.outbox.newest(limit));
}

const OutboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(50) });

/**
 * `/dev/outbox.json?limit=N`: the same mails as JSON, `{"mails": [{to, subject, headers, text, html, at}]}`, so a
 * script or test can follow the whole flow locally.
 */
export async function devOutboxJson(c: Context<AppEnv>): Promise<Response> {
  developmentOnly(c);
  const query = OutboxQuery.safeParse(c.req.query());
  if (!query.success)
    throw new ProblemError('bad-request', {
      detail: 'limit must be a whole number from 1 to 1000.',
      errors: [{ pointer: '?limit', detail: 'must be a whole number from 1 to 1000' }],
    });
  const mails = await keptMails(c, query.data.limit);
  return c.json(
    { mails: mails.map(({ to, subject, headers, text, html, at }) => ({ to, subject, headers, text, html, at })) },
    200,
    { 'cache-control': 'no-store' },
  );
}

/** `/dev/outbox`: the mail the development mailer kept, newest first, so the signup flow can be followed locally. */
export const devOutbox = new Hono<AppEnv>().get('/', async (c) => {
  developmentOnly(c);
  const { SITE } = config(c.env);
  const mails = await keptMails(c, 50);
  const linkify = (text: string) =>
    text.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 === 1 ? html`<a href="${part}">${part}</a>` : part));
  return c.html(
    layout({
      title: 'Outbox (development)',
      description: 'Mail sent by the development mailer',
      lang: SITE.language,
      body: html`<main><h1>Outbox</h1><p class="lede">Mail kept by the development mailer instead of being sent. Newest first.</p>
${mails.length === 0 ? html`<p>No mail yet. Sign up at <a href="/newsletter">/newsletter</a>.</p>` : ''}
${mails.map(
  (m) => html`<article><h2>${m.subject}</h2><p class="meta">To ${m.to} · ${m.at}</p>
<p class="meta">${Object.entries(m.headers).map(([k, v]) => html`${k}: ${v}<br>`)}</p><pre style="white-space:pre-wrap">${linkify(m.text)}</pre></article>`,
)}</main>`,
    }),
    200,
    { 'cache-control': 'no-store' },
  );
});
