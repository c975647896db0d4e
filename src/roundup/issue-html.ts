import { html, type Html } from '../pages/layout';
import type { Site } from '../schema/site';
import { issueView, noteParagraphs, type IssueView } from './issue';
import type { Issue, IssueArticle } from './schema';
import { parseWeek, weekLabel } from './week';

/** "Meridian Review weekly round-up: 23–29 November 2026" */
export function issueTitle(site: Site, issue: Issue): string {
  return `${site.name} weekly round-up: ${weekLabel(parseWeek(issue.id)!)}`;
}

export const issuePath = (id: string) => `/newsletter/issues/${id}`;

function byline(article: IssueArticle): string {
  return article.authors.length ? `By ${article.authors.join(', ')}` : '';
}

function entry(article: IssueArticle): Html {
  return html`<li><a href="${article.url}">${article.title}</a><br>${article.dek}${
    article.authors.length ? html` <span class="meta">${byline(article)}</span>` : ''
  }</li>`;
}

/**
 * The issue's content as HTML without the site's chrome: the body of the archive page and the content of the feed
 * item. Only headings, paragraphs, lists and links, so every feed reader and RSS-to-email service renders it.
 */
export function issueContentHtml(issue: Issue, view: IssueView = issueView(issue)): string {
  const note = noteParagraphs(issue.note);
  return String(html`${note.length ? html`<section class="note"><h2>From the editors</h2>${note.map((p) => html`<p>${p}</p>`)}</section>` : ''}
${view.analysis.map((g) => html`<section><h2>${g.name}</h2><ul>${g.articles.map(entry)}</ul></section>`)}
${view.opinion.length ? html`<section><h2>Opinion</h2><ul>${view.opinion.map(entry)}</ul></section>` : ''}
${view.briefs.length ? html`<section><h2>News briefs</h2><ul>${view.briefs.map(entry)}</ul></section>` : ''}
${view.count === 0 ? html`<p>Nothing was published this week.</p>` : ''}`);
}

/** One line describing the issue, for lists and feed summaries: "5 pieces: Europe, Asia-Pacific." */
export function issueSummary(issue: Issue): string {
  const n = issue.articles.length;
  const regions = Object.values(issue.regionNames);
  return n === 0 ? 'Nothing was published this week.' : `${n} ${n === 1 ? 'piece' : 'pieces'}: ${regions.join(', ')}.`;
}
