/**
 * `npm run validate`: checks a running instance's feeds with parsers that are not ours.
 *
 *   npm run validate                          seeds a local KV of its own (.wrangler/validate) with fixtures/ and the
 *                                             hostile corpus fixtures/hostile/, starts `wrangler dev` on port 8788
 *                                             (`--port` to change), checks, stops it
 *   npm run validate -- --url http://…        checks an instance that is already running
 *   npm run validate -- --w3c <dir>           also runs the W3C Feed Validation Service's engine from a checkout
 *                                             of github.com/w3c/feedvalidator (<dir> is its `src/` folder)
 *
 * Every feed listed in /feeds.opml, in all three formats, plus paged and narrowed variants and the weekly round-up's
 * feed (with issues built from the fixtures' last weeks when the admin token is known: ADMIN_TOKEN or .dev.vars), is
 * checked by: Python feedparser (Debian's python3-feedparser; bozo must be 0) for RSS and Atom, the
 * RFC 4287 RELAX NG schema with jing (Debian's jing) for Atom, and a JSON Feed 1.1 schema for JSON. When it seeded
 * the store itself, it also checks that feedparser and newsboat (Debian's newsboat) show the hostile corpus's titles,
 * author names and deks exactly as typed (scripts/lib/text-fields.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { JsonFeed11 } from './lib/json-feed-schema';
import { loadContentDir } from './lib/content-dir';
import { ensureDevVars, seedLocal, startWranglerDev } from './lib/local-dev';
import { checkTextFields } from './lib/text-fields';

const { values } = parseArgs({
  options: { url: { type: 'string' }, w3c: { type: 'string' }, port: { type: 'string', default: '8788' } },
});
/** Its own store, so the hostile corpus it adds never shows up in what `npm start` serves. */
const STORE = '.wrangler/validate';
const HOSTILE = 'fixtures/hostile';

/** GET with one retry: an idle keep-alive socket closed by the server fails the first attempt. */
async function get(url: string): Promise<string> {
  try {
    return await (await fetch(url)).text();
  } catch {
    return await (await fetch(url)).text();
  }
}

function python(): string {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error('Python feedparser is missing: apt-get install python3-feedparser');
}

/** The admin token: from the environment, else from .dev.vars (what `npm start` and this script's own server use). */
function adminToken(): string | undefined {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  if (!existsSync('.dev.vars')) return undefined;
  return /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]?.trim();
}

/** Builds round-up issues of the fixtures' last two weeks, so the round-up feed is checked with items in it. */
async function buildRoundupIssues(base: string): Promise<void> {
  const token = adminToken();
  if (!token) {
    console.log('round-up:    no admin token, checking the round-up feed as it is');
    return;
  }
  for (const week of ['2026-W47', '2026-W48']) {
    const res = await fetch(`${base}/admin/roundup/issues?week=${week}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`building the round-up of ${week} failed: ${res.status} ${await res.text()}`);
  }
}

async function feedUrls(base: string): Promise<string[]> {
  const opml = await get(`${base}/feeds.opml`);
  const rss = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  const urls = rss.flatMap((u) => ['rss', 'atom', 'json'].map((ext) => u.replace(/\.rss$/, `.${ext}`)));
  for (const ext of ['rss', 'atom', 'json']) {
    urls.push(
      `${base}/feeds/all.${ext}?limit=100`,
      `${base}/feeds/region/asia-pacific.${ext}?tag=china`,
      `${base}/feeds/roundup.${ext}`,
    );
    // A later page, reached the way a reader would: through the first page's next link.
    const first = await get(`${base}/feeds/all.${ext}?limit=5`);
    const next =
      ext === 'json'
        ? (JSON.parse(first) as { next_url?: string }).next_url
        : /rel="next"[^>]*href="([^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    if (next) urls.push(next);
  }
  return urls;
}

const FEEDPARSER = `
import feedparser, json, sys
for url in sys.stdin.read().split():
    d = feedparser.parse(url)
    print(json.dumps({"url": url, "bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "entries": len(d.entries), "version": d.version}))
`;

const W3C = `
import json, sys, urllib.request
sys.path.insert(0, sys.argv[1])
import feedvalidator
from feedvalidator import compatibility
from feedvalidator.formatter.text_plain import Formatter
for url in sys.stdin.read().split():
    try:
        events = feedvalidator.validateURL(url, firstOccurrenceOnly=1)['loggedEvents']
    except feedvalidator.logging.ValidationFailure as vf:
        events = [vf.event]
    events = compatibility.AA(events)
    errors = [e for e in events if isinstance(e, feedvalidator.logging.Error)]
    print(json.dumps({"url": url, "errors": len(errors), "warnings": len(events) - len(errors), "messages": list(Formatter(events))}))
`;

async function main(): Promise<number> {
  let base = values.url?.replace(/\/$/, '');
  let dev: Awaited<ReturnType<typeof startWranglerDev>> | undefined;
  if (!base) {
    await ensureDevVars();
    console.log(`Seeded local KV with ${await seedLocal('fixtures', { persistTo: STORE })}.`);
    console.log(`Seeded the hostile corpus: ${await seedLocal(HOSTILE, { persistTo: STORE })}.`);
    // Feeds as readers get them: outside development, media URLs stay the publication's (development points them at
    // the worker's stand-in images on localhost, which no feed should carry).
    dev = await startWranglerDev(Number(values.port), ['--persist-to', STORE, '--var', 'ENVIRONMENT:test'], 'ignore');
    base = `http://localhost:${values.port}`;
  }
  const failures: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'validate-'));
  try {
    await buildRoundupIssues(base);
    const urls = await feedUrls(base);
    const xmlUrls = urls.filter((u) => !/\.json(?:\?|$)/.test(u));
    const atomUrls = urls.filter((u) => /\.atom(?:\?|$)/.test(u));
    const jsonUrls = urls.filter((u) => /\.json(?:\?|$)/.test(u));

    // feedparser
    const parsed = execFileSync(python(), ['-c', FEEDPARSER], {
      input: xmlUrls.join('\n'),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    })
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { url: string; bozo: number; error: string; version: string });
    for (const r of parsed)
      if (r.bozo || !r.version) failures.push(`feedparser: ${r.url}: bozo=${r.bozo} ${r.error} version=${r.version}`);
    console.log(
      `feedparser:  ${parsed.length} RSS and Atom documents, ${parsed.filter((r) => r.bozo).length} with bozo=1`,
    );

    // jing with the RFC 4287 schema
    const files: string[] = [];
    for (const [i, u] of atomUrls.entries()) {
      files.push(join(work, `${i}.atom`));
      writeFileSync(files[i]!, await get(u));
    }
    const jing = spawnSync('jing', ['test/schemas/atom.rng', ...files], { encoding: 'utf8' });
    if (jing.error) throw new Error('jing is missing: apt-get install jing');
    const jingErrors = jing.stdout.split('\n').filter((l) => l.includes('error:'));
    failures.push(...jingErrors.map((l) => `jing: ${l}`));
    console.log(
      `jing:        ${files.length} Atom documents against RFC 4287's RELAX NG schema, ${jingErrors.length} errors`,
    );

    // JSON Feed 1.1
    let jsonErrors = 0;
    for (const u of jsonUrls) {
      const result = JsonFeed11.safeParse(JSON.parse(await get(u)));
      if (!result.success) {
        jsonErrors++;
        failures.push(
          `json feed: ${u}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
    }
    console.log(`JSON Feed:   ${jsonUrls.length} documents against the JSON Feed 1.1 schema, ${jsonErrors} invalid`);

    // What readers show of the hostile corpus's text fields, when this run seeded it
    if (dev !== undefined) {
      const { articles } = await loadContentDir(HOSTILE);
      const text = checkTextFields(
        python(),
        [`${base}/feeds/all.rss?limit=100`, `${base}/feeds/all.atom?limit=100`],
        articles,
        work,
      );
      console.log(`text fields: ${text.summary}`);
      for (const line of text.accepted) console.log(`             - ${line}`);
      failures.push(...text.failures.map((f) => `text fields: ${f}`));
    }

    // The W3C Feed Validation Service's engine, when a checkout is given
    if (values.w3c) {
      const results = execFileSync(python(), ['-c', W3C, values.w3c], {
        input: xmlUrls.join('\n'),
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      })
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { url: string; errors: number; warnings: number; messages: string[] });
      const errors = results.reduce((n, r) => n + r.errors, 0);
      const warnings = results.reduce((n, r) => n + r.warnings, 0);
      const distinct = new Map<string, number>();
      for (const m of results.flatMap((r) => r.messages.map((m) => m.replace(/^line \d+, column \d+: /, ''))))
        distinct.set(m, (distinct.get(m) ?? 0) + 1);
      console.log(`W3C:         ${results.length} RSS and Atom documents, ${errors} errors, ${warnings} warnings`);
      for (const [m, n] of distinct) console.log(`             - ${m} (${n} documents)`);
      for (const r of results) if (r.errors > 0) failures.push(`w3c: ${r.url}: ${r.messages.join(' | ')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    dev?.stop();
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} failure(s):\n  ${failures.slice(0, 50).join('\n  ')}`);
    return 1;
  }
  console.log('\nAll feeds valid.');
  return 0;
}

process.exitCode = await main();
