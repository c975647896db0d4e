/**
 * `npx tsx bench/sanitize.ts`: the cost of sanitizing an article body when it is published, and why the parser is
 * parse5. For a 5 KB and a 200 KB body (the fixture articles and the rich article of the hostile corpus, concatenated;
 * the hostile bodies themselves are left out of the timing, as `<plaintext>` or an unclosed comment would turn the
 * rest of a body into one cheap text node): CPU ms per body of
 * parse + serialize with each candidate — parse5 (WHATWG tree construction) and htmlparser2 + dom-serializer (a
 * forgiving tokenizer with its own tree rules) — and of the whole sanitizer (parse5, allowlist, URLs); then each
 * parser's bundled size, and how many hostile bodies htmlparser2 builds a different tree for than a browser does.
 * workerd's HTMLRewriter streams tokens without building a tree, so it cannot resolve misnesting or mutation-XSS
 * shapes and is not a candidate. Figures are CPU time of this Node process (V8, the engine workerd runs): the median of
 * 7 runs, with min–max. Measures and prints; asserts nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import render from 'dom-serializer';
import { build } from 'esbuild';
import { parseDocument } from 'htmlparser2';
import { parseFragment, serialize } from 'parse5';
import { sanitizeHtml } from '../src/content/sanitize';

const BASE = 'https://meridian-review.example/2026/11/bench';
const RUNS = 7;

const bodies = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => (JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as { bodyHtml: string }).bodyHtml);
const fixtures = bodies('fixtures/articles');
const hostile = bodies('fixtures/hostile');
const rich = hostile[hostile.length - 1]!; // 33-rich-legitimate-article, last in name order
const pool = [rich, ...fixtures].join('\n');

/** `bytes` of body: the pool repeated and cut at a tag boundary. */
function bodyOf(bytes: number): string {
  let out = '';
  while (out.length < bytes) out += pool;
  return out.slice(0, out.lastIndexOf('<', bytes));
}

const candidates: [string, (html: string) => string][] = [
  ['parse5: parse + serialize', (html) => serialize(parseFragment(html))],
  ['htmlparser2 + dom-serializer: parse + serialize', (html) => render(parseDocument(html))],
  ['sanitizeHtml (parse5, allowlist, URLs): a publish', (html) => sanitizeHtml(html, BASE)],
];

/** CPU ms per call: calls repeated for at least 200 ms, median over RUNS runs, with the spread. */
function cpuMs(fn: (html: string) => string, html: string): { median: number; min: number; max: number } {
  for (let i = 0; i < 3; i++) fn(html);
  const perCall: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.cpuUsage();
    let calls = 0;
    let elapsed = 0;
    do {
      fn(html);
      calls++;
      const used = process.cpuUsage(start);
      elapsed = (used.user + used.system) / 1000;
    } while (elapsed < 200);
    perCall.push(elapsed / calls);
  }
  perCall.sort((a, b) => a - b);
  return { median: perCall[RUNS >> 1]!, min: perCall[0]!, max: perCall[RUNS - 1]! };
}

const fmt = (n: number) => n.toFixed(3).padStart(8);
console.log(`Node ${process.version}; CPU ms per body, median of ${RUNS} runs (min–max)\n`);
console.log(`${'candidate'.padEnd(52)} ${'5 KB'.padStart(26)} ${'200 KB'.padStart(26)}`);
const sizes = [5 * 1024, 200 * 1024].map(bodyOf);
for (const [name, fn] of candidates) {
  const cells = sizes.map((html) => {
    const t = cpuMs(fn, html);
    return `${fmt(t.median)} (${t.min.toFixed(3)}–${t.max.toFixed(3)})`.padStart(26);
  });
  console.log(`${name.padEnd(52)} ${cells.join(' ')}`);
}

async function bundledGzip(source: string): Promise<number> {
  const out = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const parse5Size = await bundledGzip(
  "import { parseFragment, serialize } from 'parse5'; export const f = (h: string) => serialize(parseFragment(h));",
);
const htmlparser2Size = await bundledGzip(
  "import { parseDocument } from 'htmlparser2'; import render from 'dom-serializer'; export const f = (h: string) => render(parseDocument(h));",
);
const sanitizerSize = await bundledGzip("export { sanitizeHtml } from './src/content/sanitize';");
console.log(
  `\nBundled and minified, gzipped: parse5 ${kb(parse5Size)}, htmlparser2 + dom-serializer ${kb(htmlparser2Size)}, ` +
    `the whole sanitizer (parse5 included) ${kb(sanitizerSize)}.`,
);

// A browser builds the tree parse5 builds; where htmlparser2's differs, a sanitizer built on it checks the wrong tree.
const differs = hostile.filter((html) => render(parseDocument(html)) !== serialize(parseFragment(html))).length;
console.log(
  `Trees unlike a browser's: htmlparser2 serializes ${differs} of ${hostile.length} hostile bodies differently from ` +
    'parse5 (misnesting, foster parenting, raw-text and foreign content).',
);
