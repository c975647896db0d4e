import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface Alternate {
  type: string;
  title: string;
  href: string;
}

export interface PageInput {
  title: string;
  description: string;
  lang: string;
  /** `<link rel="alternate">` feed autodiscovery (RSS Board's RSS Autodiscovery). */
  alternates?: Alternate[];
  body: Html;
}

/** The shell of every HTML page: styles and scripts come from /assets so a strict CSP needs no inline allowance. */
export function layout({ title, description, lang, alternates = [], body }: PageInput): string {
  return String(html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
${alternates.map((a) => html`<link rel="alternate" type="${a.type}" title="${a.title}" href="${a.href}">\n`)}<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
</head>
<body>
${body}
</body>
</html>
`);
}

export { html, raw };
