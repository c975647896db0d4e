import { escapeAttribute, escapeText } from '../feeds/xml';
import type { Layout, Theme } from './options';
import { frameHeightPx } from './styles';

/** What a partner picks in the embed builder (GET /widget). */
export interface EmbedChoice {
  region?: string;
  tag?: string;
  limit: number;
  theme: Theme;
  layout: Layout;
}

/** The builder's choices as `<latest-analysis>` attributes, which are also /widget/frame's parameters. */
export function embedAttributes(choice: EmbedChoice): [string, string][] {
  const { region, tag, limit, theme, layout } = choice;
  return [
    ...(region ? [['region', region] as [string, string]] : []),
    ...(tag ? [['tag', tag] as [string, string]] : []),
    ['limit', String(limit)],
    ['theme', theme],
    ['layout', layout],
  ];
}

export function frameSrc(origin: string, choice: EmbedChoice): string {
  return `${origin}/widget/frame?${new URLSearchParams(embedAttributes(choice))}`;
}

export interface Publication {
  name: string;
  url: string;
}

/** How both snippets name the widget: the fallback link's text and the iframe's title. */
export const embedTitle = (site: Publication) => `Latest analysis from ${site.name}`;

/** The script variant; the link inside the element is what readers without JavaScript see. */
export function scriptSnippet(origin: string, choice: EmbedChoice, site: Publication): string {
  const attributes = embedAttributes(choice)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  return `<script src="${escapeAttribute(origin)}/widget.js" async></script>
<latest-analysis${attributes}>
  <a href="${escapeAttribute(site.url)}">${escapeText(embedTitle(site))}</a>
</latest-analysis>`;
}

/** The iframe variant, for pages whose CSP allows no third-party script; the helper after it is optional. */
export function frameSnippet(origin: string, choice: EmbedChoice, site: Publication): string {
  return `<iframe src="${escapeAttribute(frameSrc(origin, choice))}" title="${escapeAttribute(embedTitle(site))}" width="100%" height="${frameHeightPx(choice.layout, choice.limit)}" frameborder="0" loading="lazy" data-latest-analysis></iframe>
<!-- Optional: sizes the frame to its content. -->
<script src="${escapeAttribute(origin)}/widget/resize.js" async></script>`;
}
