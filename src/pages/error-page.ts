import { html, layout } from './layout';

/** The members of a problem document (RFC 9457) that a page shows; extensions such as a request id included. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  errors?: { pointer: string; detail: string }[];
  [extension: string]: unknown;
}

export interface ErrorPageInput {
  problem: ProblemDetails;
  /** The publication's name and language; absent when the configuration itself is what failed. */
  site?: { name: string; language: string };
  /** Where the person came from, e.g. the form they posted: offered first. */
  back?: { href: string; label: string };
}

/** "#/authors/0/slug" → "authors/0/slug"; the whole body ("#") is "form". */
const fieldName = (pointer: string) => pointer.replace(/^#\/?/, '') || 'form';

const MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

/**
 * A problem document as a page for people: the same status, title, detail and field errors an API client
 * gets as `application/problem+json`, in the site's layout, with ways back to the directory and the newsletter.
 */
export function renderErrorPage({ problem, site, back }: ErrorPageInput): string {
  const extensions = Object.entries(problem).filter(([name]) => !MEMBERS.has(name));
  return layout({
    title: site ? `${problem.title} — ${site.name}` : problem.title,
    description: problem.detail ?? problem.title,
    lang: site?.language ?? 'en',
    body: html`<main class="problem">
<h1>${problem.title}</h1>
${problem.detail === undefined ? '' : html`<p class="lede">${problem.detail}</p>`}
${
  problem.errors?.length
    ? html`<ul class="errors">
${problem.errors.map((e) => html`<li><code>${fieldName(e.pointer)}</code>: ${e.detail}</li>\n`)}</ul>`
    : ''
}
<nav class="crumbs">${back ? html`<a href="${back.href}">${back.label}</a> · ` : ''}<a href="/">Every feed</a>${back?.href === '/newsletter' ? '' : html` · <a href="/newsletter">The newsletter</a>`}</nav>
<dl class="meta">
<dt>Status</dt><dd>${problem.status}</dd>
<dt>Problem</dt><dd><code>${problem.type}</code></dd>
<dt>Address</dt><dd><code>${problem.instance}</code></dd>
${extensions.map(([name, value]) => html`<dt>${name}</dt><dd><code>${typeof value === 'string' ? value : JSON.stringify(value)}</code></dd>\n`)}</dl>
</main>`,
  });
}
