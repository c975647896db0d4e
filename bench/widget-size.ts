/**
 * `npx tsx bench/widget-size.ts`: what a partner page pays for the widget. widget.js gzipped against its 4 KB
 * budget, and the HTML of /widget/frame for the default choice (the five newest analyses, list layout) rendered
 * from fixtures/. Measures and prints; asserts nothing.
 */
import { gzipSync } from 'node:zlib';
import { unstable_readConfig } from 'wrangler';
import { loadContentDir } from '../scripts/lib/content-dir';
import { Site } from '../src/schema/site';
import { TAXONOMIES } from '../src/schema/taxonomy';
import { buildSnapshot } from '../src/storage/taxonomy-snapshot';
import { RESIZE_JS, WIDGET_JS } from '../src/widget/client/widget.generated';
import { renderFrame } from '../src/widget/frame';
import { widgetData } from '../src/widget/latest-json';
import { DEFAULT_KIND, LIMIT } from '../src/widget/options';

const BUDGET = 4096;

const gzipped = (text: string) => gzipSync(text, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

const site = Site.parse(unstable_readConfig({ config: 'wrangler.toml' }).vars.SITE);
const content = await loadContentDir('fixtures');
const snapshot = buildSnapshot({
  region: [],
  kind: [],
  tag: [],
  author: [],
  ...Object.fromEntries(content.taxonomy.map((t) => [TAXONOMIES[t.name].scope, t.terms])),
});
const newest = content.articles
  .filter((a) => a.kind === DEFAULT_KIND)
  .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
  .slice(0, LIMIT.default);
const frame = renderFrame(widgetData(site, snapshot, { kind: DEFAULT_KIND }, newest), {
  limit: LIMIT.default,
  layout: 'list',
  theme: 'auto',
  images: true,
  lang: site.language,
  utmSource: undefined,
});

const widget = gzipped(WIDGET_JS);
const rows = [
  [
    'widget.js',
    WIDGET_JS.length,
    widget,
    `${((widget / BUDGET) * 100).toFixed(0)}% of the ${kb(BUDGET)} budget${widget > BUDGET ? ' — OVER BUDGET' : ''}`,
  ],
  ['/widget/resize.js', RESIZE_JS.length, gzipped(RESIZE_JS), 'optional, iframe embeds only'],
  [
    `/widget/frame (${LIMIT.default} items, list)`,
    frame.length,
    gzipped(frame),
    'one request, nothing else to load but images',
  ],
] as const;
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'what'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzipped'.padStart(9)}`);
for (const [what, raw, gz, note] of rows)
  console.log(`${what.padEnd(width)}  ${kb(raw).padStart(9)}  ${kb(gz).padStart(9)}  ${note}`);
