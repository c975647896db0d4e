import type { Layout } from './options';

/**
 * Every row has a fixed height (titles and deks are clamped), so the widget's height follows from `limit` and
 * `layout` alone: the placeholder rows shown before the data arrives take exactly the room the articles will,
 * and nothing below the widget moves. In em, so they follow the partner's font size.
 */
const ROW_EM: Record<Layout, number> = { list: 8.3, compact: 2.6, cards: 15.5 };
const HEADING_EM = 3.6;

/**
 * The widget's one stylesheet: adopted by every `<latest-analysis>` shadow root and inlined in /widget/frame.
 * Colours come from `light-dark()`, so `theme` only sets `color-scheme`; partners override them with the
 * `--la-*` custom properties, which cross the shadow boundary, or restyle the `part`s with `::part()`.
 * Only classes and `:host` are used, so the same rules work inside a shadow root and in a document. In a
 * narrow column (a sidebar) a list row gives its title a third line and its dek one: same height, and titles
 * are what readers scan. That query makes the box size itself from its container alone; `min-width` keeps it
 * from collapsing where a partner's layout sizes it from its content (a flex row, a float).
 */
export const WIDGET_CSS = `:host{display:block;contain:content}:host([hidden]){display:none}
.la{--a:var(--la-accent,light-dark(#9b1c31,#f2788c));--f:var(--la-fg,light-dark(#1d232b,#e8ebef));--m:var(--la-muted,light-dark(#59636f,#a3adb9));--l:var(--la-border,light-dark(#e0e4e9,#2d343d));box-sizing:border-box;container-type:inline-size;min-width:14em;padding:0 1em;border:1px solid var(--l);border-radius:var(--la-radius,.6em);background:var(--la-bg,light-dark(#fff,#171b20));color:var(--f);font-family:var(--la-font,inherit);line-height:1.4;text-align:start}
.t-auto{color-scheme:light dark}.t-light{color-scheme:light}.t-dark{color-scheme:dark}
h2{display:grid;align-content:center;box-sizing:border-box;height:${HEADING_EM}em;margin:0;font-size:1em;line-height:1.3;white-space:nowrap;overflow:hidden}
h2 a{justify-self:start;color:var(--a);font-size:.7em;font-weight:800;letter-spacing:.08em;text-transform:uppercase;text-decoration:none}h2 span{overflow:hidden;text-overflow:ellipsis}
ol{display:grid;margin:0;padding:0;list-style:none}
.i{position:relative;display:flex;gap:.9em;box-sizing:border-box;height:var(--r);padding:.8em 0;border-top:1px solid var(--l);overflow:hidden}
.b{flex:1;min-width:0}
.x,.d{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden}
.x{color:inherit;font-weight:650;line-height:1.3;text-decoration:none}.i:hover .x{color:var(--a)}
.x::after{content:"";position:absolute;inset:0}
.x:focus-visible{outline:0}.x:focus-visible::after{outline:2px solid var(--a);outline-offset:-2px;border-radius:.3em}
.d{margin:.25em 0 0;font-size:.875em;color:var(--m)}
.m{margin:.35em 0 0;font-size:.75em;color:var(--m);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
img{flex:none;width:6.5em;height:4.5em;border-radius:.35em;object-fit:cover;background:var(--l)}
.l-list{--r:${ROW_EM.list}em}@container (max-width:30em){.l-list .x{-webkit-line-clamp:3}.l-list .d{-webkit-line-clamp:1}}
.l-compact{--r:${ROW_EM.compact}em}.l-compact .i{padding:.65em 0}.l-compact .b{display:flex;gap:1em;align-items:baseline}.l-compact .x{flex:1;-webkit-line-clamp:1}.l-compact .m{margin:0}
.l-cards ol{grid-template-columns:repeat(auto-fill,minmax(11em,1fr));gap:1em;padding:.8em 0 1em}
.l-cards .i{--r:${ROW_EM.cards}em;flex-direction:column;gap:.7em;padding:0;border:0}.l-cards img{width:100%;height:6.5em}.l-cards .x{-webkit-line-clamp:3}
.e{visibility:hidden}
.s i,h2 i{display:block;height:.8em;margin:.4em 0;border-radius:.2em;background:var(--l)}.s i:last-child,h2 i{width:60%}`;

/**
 * The height /widget/frame needs for `limit` rows, in CSS pixels at a 16px font, for the iframe snippet.
 * Cards are counted two to a row; a partner using the resize helper gets the exact height anyway.
 */
export function frameHeightPx(layout: Layout, limit: number): number {
  const rows = layout === 'cards' ? Math.ceil(limit / 2) : limit;
  const cardsGaps = layout === 'cards' ? 1.8 + (rows - 1) : 0;
  return Math.ceil((HEADING_EM + rows * ROW_EM[layout] + cardsGaps) * 16) + 2;
}
