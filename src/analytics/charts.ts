import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * Charts as server-rendered SVG: no script on the page, nothing to download but the markup (docs/analytics.md
 * compares this with charting libraries). Colours are presentation attributes, not style attributes, so the pages'
 * `default-src 'self'` CSP needs no inline-style allowance. Every chart has a text alternative beside it.
 */

/** Distinguishable for the common colour-vision deficiencies (Okabe & Ito), then greys for the rest. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const OTHER = '#999999';
export const colour = (i: number) => PALETTE[i] ?? OTHER;

export interface Series {
  name: string;
  values: number[];
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 52, right: 8, top: 10, bottom: 28 };

/** 1, 2, 5 × 10^n: a round top for the y axis at or above `max`. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * step).find((v) => v >= max)!;
}

const compact = (n: number) =>
  n >= 1e9
    ? `${+(n / 1e9).toFixed(1)}G`
    : n >= 1e6
      ? `${+(n / 1e6).toFixed(1)}M`
      : n >= 1e3
        ? `${+(n / 1e3).toFixed(1)}k`
        : String(n);

/** Bars per day, stacked by series, with a y axis and the first, middle and last dates under the x axis. */
export function stackedBars(label: string, days: string[], series: Series[]): HtmlEscapedString {
  const totals = days.map((_, d) => series.reduce((sum, s) => sum + (s.values[d] ?? 0), 0));
  const top = niceCeiling(Math.max(0, ...totals));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(1, slot * 0.8);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const bars = days.flatMap((day, d) => {
    let base = 0;
    return series.flatMap((s, i) => {
      const v = s.values[d] ?? 0;
      if (v <= 0) return [];
      const rect = html`<rect x="${(PAD.left + d * slot + (slot - barW) / 2).toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${colour(i)}"><title>${day} · ${s.name}: ${v}</title></rect>`;
      base += v;
      return [rect];
    });
  });
  const ticks = [0, top / 2, top].map(
    (v) =>
      html`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#8884" /><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="currentColor">${compact(v)}</text>`,
  );
  const dateLabels = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])]
    .filter((d) => d >= 0)
    .map(
      (d) =>
        html`<text x="${(PAD.left + d * slot + slot / 2).toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle" font-size="11" fill="currentColor">${days[d]!.slice(5)}</text>`,
    );
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg">${ticks}${bars}${dateLabels}</svg>${legend(series.map((s) => s.name))}` as HtmlEscapedString;
}

/** One horizontal bar per item, largest first, labelled with its name and value. */
export function horizontalBars(label: string, items: { name: string; value: number }[]): HtmlEscapedString {
  const rowH = 24;
  const labelW = 260;
  const height = Math.max(rowH, items.length * rowH) + 4;
  const max = Math.max(1, ...items.map((i) => i.value));
  const barMax = WIDTH - labelW - 70;
  const rows = items.map(
    (item, i) =>
      html`<text x="${labelW - 8}" y="${i * rowH + 16}" text-anchor="end" font-size="12" fill="currentColor">${truncate(item.name, 40)}</text><rect x="${labelW}" y="${i * rowH + 4}" width="${Math.max(1, (item.value / max) * barMax).toFixed(1)}" height="${rowH - 8}" fill="${colour(i % PALETTE.length)}"><title>${item.name}: ${item.value}</title></rect><text x="${(labelW + (item.value / max) * barMax + 6).toFixed(1)}" y="${i * rowH + 16}" font-size="12" fill="currentColor">${item.value}</text>`,
  );
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>` as HtmlEscapedString;
}

function legend(names: string[]): HtmlEscapedString {
  return html`<ul class="legend">${names.map(
    (name, i) =>
      html`<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${colour(i)}" /></svg> ${name}</li>`,
  )}</ul>` as HtmlEscapedString;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
