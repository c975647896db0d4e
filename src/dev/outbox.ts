import { Hono } from 'hono';
import { config, type AppEnv } from '../env';
import { ProblemError } from '../http/problem';
import { fromStorage } from '../http/storage-unavailable';
import { OUTBOX_PREFIX, OutboxEntry } from '../newsletter/mailer';
import { html, layout } from '../pages/layout';
import { bulkGet } from '../storage/bulk-get';
import { parseRecord } from '../storage/records';

/** `/dev/outbox`: the mail the development mailer kept, newest first, so the signup flow can be followed locally. */
export const devOutbox = new Hono<AppEnv>().get('/', async (c) => {
  const { ENVIRONMENT, SITE } = config(c.env);
  if (ENVIRONMENT !== 'development') throw new ProblemError('not-found');
  const { keys, values } = await fromStorage('outbox', async () => {
    const { keys } = await c.var.content.list({ prefix: OUTBOX_PREFIX, limit: 50 });
    return {
      keys,
      values: await bulkGet(
        c.var.content,
        keys.map((k) => k.name),
      ),
    };
  });
  const mails = keys.map((k) => parseRecord(OutboxEntry, k.name, values.get(k.name) ?? null)).filter((m) => m !== null);
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
