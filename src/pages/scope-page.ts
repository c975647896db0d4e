import { scopePagePath } from '../feeds/urls';
import type { Article } from '../schema/article';
import type { Site } from '../schema/site';
import type { Scope } from '../schema/scope';
import { feedAlternates, feedLinks } from './directory-page';
import { html, layout } from './layout';

export interface ScopePageInput {
  site: Site;
  origin: string;
  scope: Scope;
  title: string;
  description: string;
  articles: readonly Article[];
}

const dateFormat = (lang: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });

/** A scope's page for people: its latest items and the three ways to subscribe. */
export function renderScopePage({ site, origin, scope, title, description, articles }: ScopePageInput): string {
  const dates = dateFormat(site.language);
  return layout({
    title,
    description,
    lang: site.language,
    alternates: feedAlternates(origin, scope, title),
    body: html`<nav class="crumbs"><a href="${scopePagePath({ type: 'all' })}">All feeds</a></nav>
<header>
<h1>${title}</h1>
<p class="lede">${description}</p>
<p>Subscribe: ${feedLinks(origin, scope)}</p>
</header>
<main>
<h2>Latest</h2>
${
  articles.length === 0
    ? html`<p>Nothing has been published here yet.</p>`
    : html`<ol class="items">
${articles.map(
  (a) => html`<li lang="${a.language}"><a href="${a.url}">${a.title}</a>
<p class="dek">${a.dek}</p>
<p class="meta"><time datetime="${a.publishedAt}">${dates.format(new Date(a.publishedAt))}</time> · ${a.authors.map((x) => x.name).join(', ')}</p></li>
`,
)}</ol>`
}
</main>`,
  });
}
