import { html, layout } from '../pages/layout';
import type { Site } from '../schema/site';
import type { TaxonomySnapshot } from '../storage/taxonomy-snapshot';
import { LAYOUTS, LIMIT, THEMES } from './options';
import { embedAttributes, embedTitle, frameSnippet, frameSrc, scriptSnippet, type EmbedChoice } from './snippet';
import { frameHeightPx } from './styles';

export interface BuilderPageInput {
  site: Site;
  origin: string;
  snapshot: TaxonomySnapshot;
  choice: EmbedChoice;
}

/** The builder's own few rules on top of /assets/site.css, whose colour variables it reuses. */
export const BUILDER_CSS = `.embed{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:end;margin:1.25rem 0}
.embed label{display:grid;gap:.2rem;font-size:.85rem;color:var(--muted)}
.embed select,.embed button{font:inherit;font-size:1rem;padding:.3rem .5rem;border:1px solid var(--line);border-radius:.3rem;background:var(--bg);color:var(--fg)}
.previews{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1.5rem;align-items:start}
.previews figure{margin:0}.previews figcaption{margin-bottom:.4rem;font-size:.85rem;color:var(--muted)}.previews iframe{display:block;width:100%}
pre.snippet{margin:.5rem 0;padding:.75rem;white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid var(--line);border-radius:.3rem;font-size:.8rem}pre.snippet code{background:none;padding:0;word-break:normal}`;

const options = (values: readonly (readonly [string, string])[], selected: string | undefined) =>
  values.map(
    ([value, label]) =>
      html`<option value="${value}"${value === (selected ?? '') ? ' selected' : ''}>${label}</option>`,
  );

const named = (record: Record<string, { name: string }>) =>
  Object.entries(record)
    .map(([slug, { name }]) => [slug, name] as const)
    .sort((a, b) => a[1].localeCompare(b[1]));

/**
 * GET /widget: a partner picks what to show and how, sees both variants live, and copies either snippet.
 * Without JavaScript the form reloads the page with the new choice; with it (/widget/builder.js) the
 * preview element's attributes, the preview frame and the snippets follow every change.
 */
export function renderBuilderPage({ site, origin, snapshot, choice }: BuilderPageInput): string {
  const publication = { name: site.name, url: site.url };
  const script = scriptSnippet(origin, choice, publication);
  const frame = frameSnippet(origin, choice, publication);
  const plain = (values: readonly string[]) => values.map((v) => [v, v] as const);
  return layout({
    title: `Embed the latest analysis from ${site.name}`,
    description: `A widget with ${site.name}'s latest analysis for your site, by region or tag.`,
    lang: site.language,
    body: html`<link rel="stylesheet" href="/widget/builder.css">
<nav class="crumbs"><a href="/feeds">All feeds</a></nav>
<header>
<h1>Embed the latest analysis</h1>
<p class="lede">Show ${site.name}'s latest analysis on your site, for one region or tag if you like. Pick below, check the preview, and paste one of the two snippets into your page. It uses your page's font, reserves its height before it loads, sets no cookies and tracks no one.</p>
</header>
<main>
<form class="embed" method="get" action="/widget" data-site-name="${site.name}" data-site-url="${site.url}">
<label>Region <select name="region">${options([['', 'Any region'], ...named(snapshot.region)], choice.region)}</select></label>
<label>Tag <select name="tag">${options([['', 'Any tag'], ...named(snapshot.tag)], choice.tag)}</select></label>
<label>Articles <select name="limit">${options(
      Array.from({ length: LIMIT.max - LIMIT.min + 1 }, (_, i) => String(LIMIT.min + i)).map((n) => [n, n] as const),
      String(choice.limit),
    )}</select></label>
<label>Theme <select name="theme">${options(plain(THEMES), choice.theme)}</select></label>
<label>Layout <select name="layout">${options(plain(LAYOUTS), choice.layout)}</select></label>
<button class="apply">Update</button>
</form>
<h2>Preview</h2>
<div class="previews">
<figure><figcaption>Script and element</figcaption><latest-analysis${embedAttributes(choice).map(([name, value]) => html` ${name}="${value}"`)}><a href="${site.url}">${embedTitle(publication)}</a></latest-analysis></figure>
<figure><figcaption>Iframe</figcaption><iframe src="${frameSrc(origin, choice)}" title="${embedTitle(publication)}" height="${frameHeightPx(choice.layout, choice.limit)}" frameborder="0" data-latest-analysis></iframe></figure>
</div>
<h2>Snippet: script and element</h2>
<p>For most pages. Any number of widgets may share one page; the link inside the element is shown where JavaScript is off. Your Content-Security-Policy needs <code>script-src ${origin}</code>, <code>connect-src ${origin}</code> and <code>img-src</code> for the article images.</p>
<pre class="snippet"><code id="snippet-script">${script}</code></pre>
<button type="button" class="copy" data-copy="${script}" hidden>Copy</button>
<h2>Snippet: iframe</h2>
<p>For pages whose Content-Security-Policy allows no third-party scripts, and for readers without JavaScript. Your policy needs <code>frame-src ${origin}</code>. The helper script sizes the frame to its content; leave it out, or host a copy on your own site, if your policy requires.</p>
<pre class="snippet"><code id="snippet-frame">${frame}</code></pre>
<button type="button" class="copy" data-copy="${frame}" hidden>Copy</button>
</main>
<script src="/widget.js" async></script>
<script src="/widget/resize.js" async></script>
<script src="/widget/builder.js" defer></script>`,
  });
}
