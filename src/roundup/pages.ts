import { html, layout, raw } from '../pages/layout';
import type { Site } from '../schema/site';
import { issueContentHtml, issuePath, issueSummary, issueTitle } from './issue-html';
import type { Issue } from './schema';
import { parseWeek, weekLabel } from './week';

const alternates = (site: Site) =>
  (['rss', 'atom', 'json'] as const).map((ext) => ({
    type: { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' }[ext],
    title: `${site.name} weekly round-up`,
    href: `/feeds/roundup.${ext}`,
  }));

/** One issue as a page of the site: plain HTML, readable without JavaScript. */
export function issuePage(site: Site, issue: Issue): string {
  const title = issueTitle(site, issue);
  return layout({
    title,
    description: issueSummary(issue),
    lang: site.language,
    alternates: alternates(site),
    body: html`<main class="roundup-issue">
<p class="meta"><a href="/newsletter/issues">All issues</a> · <a href="/newsletter">Subscribe</a></p>
<h1>${title}</h1>
<p class="lede">${issueSummary(issue)}</p>
${raw(issueContentHtml(issue))}
</main>`,
  });
}

/** The archive: every issue, newest first. */
export function issueListPage(site: Site, issues: Issue[]): string {
  return layout({
    title: `Weekly round-up archive — ${site.name}`,
    description: `Every issue of the ${site.name} weekly round-up`,
    lang: site.language,
    alternates: alternates(site),
    body: html`<main class="roundup-archive">
<h1>${site.name} weekly round-up</h1>
<p class="lede">Every issue so far, newest first. <a href="/newsletter">Get it by email</a> or follow the <a href="/feeds/roundup.rss">feed</a>.</p>
${
  issues.length === 0
    ? html`<p>No issue yet.</p>`
    : html`<ul>${issues.map(
        (i) =>
          html`<li><a href="${issuePath(i.id)}">${weekLabel(parseWeek(i.id)!)}</a> <span class="meta">${i.id} · ${issueSummary(i)}</span></li>`,
      )}</ul>`
}
</main>`,
  });
}
