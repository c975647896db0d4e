import { html } from 'hono/html';
import type { Mail } from '../newsletter/mailer';
import type { Site } from '../schema/site';
import { issueView, noteParagraphs, type IssueView } from './issue';
import { issuePath, issueTitle } from './issue-html';
import type { Issue, IssueArticle } from './schema';

export interface ReaderLinks {
  /** RFC 8058 one-click unsubscribe URL (signed token). */
  unsubscribe: string;
  /** The reader's preferences page (signed token). */
  preferences: string;
}

export interface RoundupMailInput {
  site: Site;
  issue: Issue;
  /** The origin this service answers on: the archive link points there. */
  origin: string;
  to: string;
  view: IssueView;
  links: ReaderLinks;
}

/** The issue as one reader's view: the week's pieces in their regions; null when there is nothing in them. */
export function readerView(issue: Issue, regions: Parameters<typeof issueView>[1]): IssueView | null {
  const view = issueView(issue, regions);
  return view.count === 0 ? null : view;
}

const textEntry = (a: IssueArticle) =>
  [`* ${a.title}`, `  ${a.dek}`, ...(a.authors.length ? [`  By ${a.authors.join(', ')}`] : []), `  ${a.url}`].join(
    '\n',
  );

const H2 = 'font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px';
const LI = 'margin:0 0 14px';

function htmlEntry(a: IssueArticle) {
  return html`<li style="${LI}"><a href="${a.url}" style="color:#0b4f8a;font-weight:600">${a.title}</a><br>${a.dek}${
    a.authors.length ? html`<br><span style="color:#666;font-size:13px">By ${a.authors.join(', ')}</span>` : ''
  }</li>`;
}

/**
 * The weekly email: HTML with inline styles only (mail clients drop style sheets) and a plain-text part saying the
 * same. Every mail carries RFC 8058 one-click unsubscribe headers (RFC 2369 List-Unsubscribe with an https URI, and
 * List-Unsubscribe-Post), which large mailbox providers require of bulk senders.
 */
export function roundupEmail({ site, issue, origin, to, view, links }: RoundupMailInput): Mail {
  const title = issueTitle(site, issue);
  const archive = `${origin}${issuePath(issue.id)}`;
  const note = noteParagraphs(issue.note);
  const sections: [string, IssueArticle[]][] = [
    ...view.analysis.map((g): [string, IssueArticle[]] => [g.name, g.articles]),
    ...(view.opinion.length ? [['Opinion', view.opinion] as [string, IssueArticle[]]] : []),
    ...(view.briefs.length ? [['News briefs', view.briefs] as [string, IssueArticle[]]] : []),
  ];
  const text = [
    title,
    '',
    ...(note.length ? ['FROM THE EDITORS', '', ...note.flatMap((p) => [p, '']), ''] : []),
    ...sections.flatMap(([name, articles]) => [name.toUpperCase(), '', ...articles.map(textEntry), '']),
    `Read this issue on the web: ${archive}`,
    `Choose your regions: ${links.preferences}`,
    `Unsubscribe: ${links.unsubscribe}`,
  ].join('\n');
  const body = String(html`<!doctype html>
<html lang="${site.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4">
<div style="max-width:640px;margin:0 auto;padding:24px;background:#fff;font-family:Georgia,serif;font-size:16px;line-height:1.5;color:#222">
<p style="margin:0;color:#666;font-family:system-ui,sans-serif;font-size:13px"><a href="${archive}" style="color:#666">Read on the web</a></p>
<h1 style="font-size:24px;margin:12px 0 4px">${title}</h1>
${note.length ? html`<h2 style="${H2}">From the editors</h2>${note.map((p) => html`<p>${p}</p>`)}` : ''}
${sections.map(
  ([name, articles]) =>
    html`<h2 style="${H2}">${name}</h2><ul style="padding-left:18px;margin:0">${articles.map(htmlEntry)}</ul>`,
)}
<hr style="border:0;border-top:1px solid #ddd;margin:32px 0 12px">
<p style="color:#666;font-family:system-ui,sans-serif;font-size:13px">You receive the ${site.name} weekly round-up because you subscribed. <a href="${links.preferences}" style="color:#666">Choose your regions</a> · <a href="${links.unsubscribe}" style="color:#666">Unsubscribe</a></p>
</div>
</body></html>`);
  return {
    to,
    subject: title,
    text,
    html: body,
    headers: { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
