import { escapeAttribute, escapeText } from '../feeds/xml';
import { sha256 } from '../http/digest';
import { FRAME_CHILD_JS } from './client/widget.generated';
import type { WidgetData } from './latest-json';
import { widgetView, type H } from './markup';
import type { ViewOptions } from './options';
import { WIDGET_CSS } from './styles';

interface Markup {
  html: string;
}

/** Writes the same elements widget.js creates, as escaped HTML: every content string goes through escapeText. */
const html: H<Markup> = (tag, attrs, children = []) => {
  let out = `<${tag}`;
  for (const [name, value] of Object.entries(attrs))
    if (value !== undefined) out += ` ${name}="${escapeAttribute(String(value))}"`;
  out += '>';
  if (tag === 'img') return { html: out };
  for (const child of children) if (child) out += typeof child === 'string' ? escapeText(child) : child.html;
  return { html: `${out}</${tag}>` };
};

/** The frame's own document has no host page to inherit a font from, so it brings a system font stack. */
const FRAME_STYLE = `body{margin:0;background:transparent;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}\n${WIDGET_CSS}`;

/** Pure: the widget as a complete HTML document for partners who embed an iframe; it needs no JavaScript. */
export function renderFrame(data: WidgetData, options: ViewOptions): string {
  return `<!doctype html>
<html lang="${escapeAttribute(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeText(`${data.site.name}: ${data.label}`)}</title>
<style>${FRAME_STYLE}</style>
</head>
<body>
${widgetView(html, data, options).html}
<script>${FRAME_CHILD_JS}</script>
</body>
</html>
`;
}

/** A CSP hash source (CSP Level 3 §2.3.1): standard base64, not base64url. */
async function hashSource(text: string): Promise<string> {
  return `'sha256-${btoa(String.fromCharCode(...(await sha256(text))))}'`;
}

let inlineHashes: Promise<[string, string]> | undefined;

/**
 * The frame's Content-Security-Policy: nothing but its own inline style and script (allowed by hash, so
 * nothing injected could run) and images from anywhere on the web. `frame-ancestors` lists the partner
 * origins allowed to embed it ('self' keeps the builder's preview working), or `*` when none are configured.
 */
export async function frameCsp(partnerOrigins: string): Promise<string> {
  inlineHashes ??= Promise.all([hashSource(FRAME_STYLE), hashSource(FRAME_CHILD_JS)]);
  const [style, script] = await inlineHashes;
  const ancestors = partnerOrigins.trim() === '' ? '*' : `'self' ${partnerOrigins.trim().split(/\s+/).join(' ')}`;
  return `default-src 'none'; style-src ${style}; script-src ${script}; img-src http: https:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
}
