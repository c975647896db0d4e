import { Hono } from 'hono';
import { config, type AppEnv } from '../env';
import { ProblemError } from '../http/problem';
import { fromStorage } from '../http/storage-unavailable';
import { html, layout } from '../pages/layout';

/** `/dev/outbox`: the mail the development mailer kept, newest first, so the signup flow can be followed locally. */
export const devOutbox = new Hono<AppEnv>().get('/', async (c) => {
  const { ENVIRONMENT, SITE } = config(c.env);
  if (ENVIRONMENT !== 'development') throw new ProblemError('not-found');
  const mails = await fromStorage('outbox', () => c.var.outbox.newest(50));
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
