/**
 * Validates the hand-written fixture corpus and prints a coverage summary.
 *
 *   npx tsx scripts/check-fixtures.ts
 *
 * Exits non-zero on any schema failure, dangling taxonomy reference or duplicate id/slug, so it can gate CI.
 * Only fixtures/articles and fixtures/taxonomy are checked: fixtures/generated is bulk output of
 * fixtures-generate.ts, which validates as it writes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as z from 'zod';
import { Article } from '../src/schema/article';
import { AuthorTerm, KindTerm, REGIONS, KINDS, RegionTerm, TagTerm } from '../src/schema/taxonomy';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures');
const SITE = 'https://meridian-review.example';

const errors: string[] = [];
const fail = (msg: string): void => void errors.push(msg);

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    fail(`${relative(ROOT, path)}: cannot read JSON (${(err as Error).message})`);
    return undefined;
  }
}

/** Turns zod issues into one line each, prefixed with the file, so failures are greppable. */
function reportIssues(file: string, error: z.ZodError): void {
  for (const issue of error.issues) fail(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

async function loadTaxonomy<T>(name: string, schema: z.ZodType<T>): Promise<T[]> {
  const path = join(FIXTURES, 'taxonomy', `${name}.json`);
  const data = await readJson(path);
  if (!Array.isArray(data)) {
    fail(`taxonomy/${name}.json: must be a JSON array`);
    return [];
  }
  const terms: T[] = [];
  data.forEach((item, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) terms.push(parsed.data);
    else reportIssues(`taxonomy/${name}.json[${i}]`, parsed.error);
  });
  const slugs = terms.map((t) => (t as { slug: string }).slug);
  for (const dup of duplicates(slugs)) fail(`taxonomy/${name}.json: duplicate slug "${dup}"`);
  return terms;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}

async function loadArticles(): Promise<{ file: string; article: Article }[]> {
  const dir = join(FIXTURES, 'articles');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const loaded: { file: string; article: Article }[] = [];
  for (const file of files) {
    const data = await readJson(join(dir, file));
    if (data === undefined) continue;
    const parsed = Article.safeParse(data);
    if (!parsed.success) {
      reportIssues(`articles/${file}`, parsed.error);
      continue;
    }
    loaded.push({ file, article: parsed.data });
  }
  return loaded;
}

/** Conventions the schema cannot express but the worker's URL building relies on. */
function checkConventions(file: string, a: Article): void {
  if (file !== `${a.slug}.json`) fail(`articles/${file}: file name must be <slug>.json ("${a.slug}.json")`);
  const expectedUrl = `${SITE}/${a.publishedAt.slice(0, 4)}/${a.publishedAt.slice(5, 7)}/${a.slug}`;
  if (a.url !== expectedUrl) fail(`articles/${file}: url should be ${expectedUrl}`);
}

function checkReferences(
  file: string,
  a: Article,
  tags: ReadonlySet<string>,
  authors: ReadonlyMap<string, AuthorTerm>,
): void {
  for (const tag of a.tags) if (!tags.has(tag)) fail(`articles/${file}: tag "${tag}" is not in taxonomy/tags.json`);
  for (const au of a.authors) {
    const term = authors.get(au.slug);
    if (!term) {
      fail(`articles/${file}: author "${au.slug}" is not in taxonomy/authors.json`);
      continue;
    }
    // Feeds render the article's copy of the author, so it must not drift from the taxonomy term.
    if (term.name !== au.name)
      fail(`articles/${file}: author "${au.slug}" name differs from taxonomy ("${term.name}")`);
    if (term.url !== au.url) fail(`articles/${file}: author "${au.slug}" url differs from taxonomy`);
  }
}

type Detector = (a: Article) => boolean;

const text = (a: Article): string => `${a.title}\n${a.dek}\n${a.bodyHtml}\n${a.excerpt ?? ''}`;
const hrefs = (html: string, attr: 'href' | 'src'): string[] =>
  [...html.matchAll(new RegExp(`\\s${attr}="([^"]*)"`, 'g'))].map((m) => m[1] ?? '');
const isRelative = (u: string): boolean => !/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith('#');

/** Each entry is an edge case the feed/HTML/XML encoders must survive; the list doubles as documentation. */
const AWKWARD: Record<string, Detector> = {
  'Chinese (Han) text': (a) => /\p{Script=Han}/u.test(text(a)),
  'Arabic script': (a) => /\p{Script=Arabic}/u.test(text(a)),
  'Cyrillic script': (a) => /\p{Script=Cyrillic}/u.test(text(a)),
  'accented Latin': (a) => /[\u00C0-\u024F]/u.test(text(a).replace(/\u00A0/g, '')),
  'emoji in title/dek': (a) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(`${a.title}${a.dek}`),
  '"&" in title': (a) => a.title.includes('&'),
  '"<" in title': (a) => a.title.includes('<'),
  '"]]>" in title': (a) => a.title.includes(']]>'),
  '"]]>" in body': (a) => a.bodyHtml.includes(']]>'),
  'updated after publication': (a) => a.updatedAt !== undefined && Date.parse(a.updatedAt) > Date.parse(a.publishedAt),
  'correction note in body': (a) => a.updatedAt !== undefined && /\bcorrection\b/i.test(a.bodyHtml),
  'very long title (>= 180 chars)': (a) => [...a.title].length >= 180,
  'non-breaking spaces in body': (a) => /\u00A0|&nbsp;|&#160;/.test(a.bodyHtml),
  'curly quotes in body': (a) => /[\u2018\u2019\u201C\u201D]/.test(a.bodyHtml),
  'relative link in body': (a) => hrefs(a.bodyHtml, 'href').some(isRelative),
  'relative img src in body': (a) => hrefs(a.bodyHtml, 'src').some(isRelative),
  'non-English language': (a) => a.language !== 'en',
  'non-UTC offset in publishedAt': (a) => !a.publishedAt.endsWith('Z'),
};

const NON_LATIN = /[\p{Script=Han}\p{Script=Arabic}\p{Script=Cyrillic}]/u;

function countBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) for (const k of keys(item)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

function formatCounts(order: readonly string[], counts: Map<string, number>): string {
  return order.map((k) => `${k} ${counts.get(k) ?? 0}`).join(', ');
}

function printSummary(articles: readonly Article[], bytes: number): void {
  const regions = countBy(articles, (a) => a.regions);
  const primary = countBy(articles, (a) => [a.regions[0]!]);
  const kinds = countBy(articles, (a) => [a.kind]);
  const tags = countBy(articles, (a) => a.tags);
  const authors = countBy(articles, (a) => a.authors.map((x) => x.slug));
  const dates = articles.map((a) => new Date(a.publishedAt).toISOString()).sort();
  const langs = countBy(articles, (a) => [a.language]);

  console.log(`articles:          ${articles.length} (${(bytes / 1024).toFixed(0)} KB of JSON)`);
  console.log(`regions (any):     ${formatCounts(REGIONS, regions)}`);
  console.log(`regions (primary): ${formatCounts(REGIONS, primary)}`);
  console.log(`multi-region:      ${articles.filter((a) => a.regions.length > 1).length}`);
  console.log(`kinds:             ${formatCounts(KINDS, kinds)}`);
  console.log(`distinct tags:     ${tags.size}`);
  console.log(
    `distinct authors:  ${authors.size} (${articles.filter((a) => a.authors.length > 1).length} articles with 2+ authors)`,
  );
  console.log(`published:         ${dates[0]} … ${dates[dates.length - 1]}`);
  console.log(`languages:         ${[...langs].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`with image:        ${articles.filter((a) => a.image).length}`);
  console.log(`with updatedAt:    ${articles.filter((a) => a.updatedAt).length}`);
  console.log(`with excerpt:      ${articles.filter((a) => a.excerpt !== undefined).length}`);
  console.log(`non-Latin scripts: ${articles.filter((a) => NON_LATIN.test(text(a))).length}`);
  console.log('awkward cases:');
  for (const [name, detect] of Object.entries(AWKWARD)) {
    const hits = articles.filter(detect);
    const mark = hits.length > 0 ? 'ok     ' : 'MISSING';
    console.log(`  ${mark} ${name} (${hits.length})${hits.length ? `: ${hits[0]!.slug}` : ''}`);
    if (hits.length === 0) fail(`awkward case missing: ${name}`);
  }
}

async function main(): Promise<void> {
  const regionTerms = await loadTaxonomy('regions', RegionTerm);
  const kindTerms = await loadTaxonomy('kinds', KindTerm);
  const tagTerms = await loadTaxonomy('tags', TagTerm);
  const authorTerms = await loadTaxonomy('authors', AuthorTerm);

  // Every enum value needs a display name, or feed titles would fall back to raw slugs.
  for (const r of REGIONS) if (!regionTerms.some((t) => t.slug === r)) fail(`taxonomy/regions.json: missing "${r}"`);
  for (const k of KINDS) if (!kindTerms.some((t) => t.slug === k)) fail(`taxonomy/kinds.json: missing "${k}"`);

  const tagSet = new Set(tagTerms.map((t) => t.slug));
  const authorMap = new Map(authorTerms.map((t) => [t.slug, t]));
  const loaded = await loadArticles();
  for (const { file, article } of loaded) {
    checkConventions(file, article);
    checkReferences(file, article, tagSet, authorMap);
  }
  const articles = loaded.map((l) => l.article);
  for (const dup of duplicates(articles.map((a) => a.id))) fail(`duplicate article id "${dup}"`);
  for (const dup of duplicates(articles.map((a) => a.slug))) fail(`duplicate article slug "${dup}"`);

  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(JSON.stringify(a, null, 2)), 0);
  console.log(
    `taxonomy:          ${regionTerms.length} regions, ${kindTerms.length} kinds, ${tagTerms.length} tags, ${authorTerms.length} authors`,
  );
  printSummary(articles, bytes);

  if (errors.length > 0) {
    console.error(`\n${errors.length} problem(s):`);
    for (const e of errors) console.error(`  - ${e}`);
    process.exit(1);
  }
  console.log('\nall fixtures valid');
}

await main();
