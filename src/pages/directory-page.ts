import type { DirectoryGroup } from '../feeds/directory';
import { feedPath, scopePagePath } from '../feeds/urls';
import { FORMAT_NAMES, FORMATS } from '../feeds/formats';
import type { Site } from '../schema/site';
import type { Scope } from '../schema/scope';
import { html, layout, type Alternate } from './layout';

/** Autodiscovery links for a scope's three formats. */
export function feedAlternates(origin: string, scope: Scope, title: string): Alternate[] {
  return FORMAT_NAMES.map((f) => ({
    type: FORMATS[f].mediaType,
    title: `${title} (${FORMATS[f].label})`,
    href: origin + feedPath(scope, f),
  }));
}

/** A feed URL a reader can copy: selectable text, plus a copy button where the browser allows it. */
export function feedLinks(origin: string, scope: Scope) {
  return html`<span class="formats">${FORMAT_NAMES.map((f) => {
    const url = origin + feedPath(scope, f);
    return html`<span class="feed-url"><a href="${url}" type="${FORMATS[f].mediaType}">${FORMATS[f].label}</a> <code>${url}</code> <button type="button" class="copy" data-copy="${url}" hidden>Copy</button></span>`;
  })}</span>`;
}

export interface DirectoryPageInput {
  site: Site;
  origin: string;
  groups: readonly DirectoryGroup[];
  /** False when counts are lower bounds (the count scan stopped at its cap). */
  countsComplete: boolean;
}

/** `/` and `/feeds`: every feed with its item count and copyable URLs; no XSLT needed. */
export function renderDirectoryPage({ site, origin, groups, countsComplete }: DirectoryPageInput): string {
  const plus = countsComplete ? '' : '+';
  return layout({
    title: `${site.name} feeds`,
    description: `RSS, Atom and JSON feeds of ${site.name} for the whole site and every region, kind, tag and author.`,
    lang: site.language,
    alternates: feedAlternates(origin, { type: 'all' }, site.name),
    body: html`<header>
<h1>${site.name} feeds</h1>
<p class="lede">${site.description} Subscribe to the whole site or to one region, kind, tag or author, in RSS, Atom or JSON Feed. Paste a URL into your reader, or import <a href="/feeds.opml">every feed as OPML</a>.</p>
</header>
<main>
${groups
  .filter((g) => g.entries.length > 0)
  .map(
    (g) => html`<section>
<h2>${g.title}</h2>
<table>
<thead><tr><th scope="col">Feed</th><th scope="col">Items</th><th scope="col">Subscribe</th></tr></thead>
<tbody>
${g.entries.map(
  (
    e,
  ) => html`<tr><td><a href="${scopePagePath(e.scope)}">${e.name}</a></td><td class="count">${e.count}${plus}</td><td>${feedLinks(origin, e.scope)}</td></tr>
`,
)}</tbody>
</table>
</section>
`,
  )}</main>`,
  });
}
