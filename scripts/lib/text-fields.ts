/**
 * Whether feed readers show the characters the editor typed: the hostile corpus's titles, deks and author names as
 * Python feedparser and newsboat read them from a running instance's RSS and Atom feeds. A field a reader gets as HTML
 * is compared as the text it renders (tags dropped, references decoded). The one accepted difference: an RSS title
 * whose text looks like HTML — an end tag (`</script>`) or a character reference typed as text (`&amp;`) — which
 * feedparser takes for HTML whatever its encoding, since RSS has no way to say a title is plain text
 * (docs/security.md, "Text fields").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../../src/schema/article';

interface Shown {
  url: string;
  title: string | null;
  author: string | null;
  summary: string | null;
}

/** Reads feeds with feedparser; HTML fields are turned into the text a reader would show. */
const FEEDPARSER = `
import feedparser, html, json, sys
from html.parser import HTMLParser
class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True); self.parts = []
    def handle_data(self, data): self.parts.append(data)
def shown(value, detail):
    if value is None: return None
    if detail is not None and detail.get("type") == "text/html":
        t = Text(); t.feed(value); t.close(); return "".join(t.parts)
    return value
for url in sys.stdin.read().split():
    for e in feedparser.parse(url).entries:
        print(json.dumps({"url": e.get("link"), "title": shown(e.get("title"), e.get("title_detail")),
            "author": shown(e.get("author"), e.get("author_detail")), "summary": shown(e.get("summary"), e.get("summary_detail"))}))
`;

/** Reads one feed with newsboat into a fresh cache, then the cache with Python's sqlite3. */
const NEWSBOAT_CACHE = `
import json, sqlite3, sys
for url, title, author in sqlite3.connect(sys.argv[1]).execute("select url, title, author from rss_item"):
    print(json.dumps({"url": url, "title": title, "author": author, "summary": None}))
`;

function newsboat(python: string, feedUrl: string, work: string): Shown[] {
  const dir = mkdtempSync(join(work, 'newsboat-'));
  writeFileSync(join(dir, 'urls'), `${feedUrl}\n`);
  writeFileSync(join(dir, 'config'), '');
  const run = spawnSync(
    'newsboat',
    ['-u', join(dir, 'urls'), '-c', join(dir, 'cache.db'), '-C', join(dir, 'config'), '-x', 'reload'],
    { env: { ...process.env, HOME: dir }, encoding: 'utf8' },
  );
  if (run.error) throw new Error('newsboat is missing: apt-get install newsboat');
  return lines(execFileSync(python, ['-c', NEWSBOAT_CACHE, join(dir, 'cache.db')], { encoding: 'utf8' }));
}

const lines = (out: string): Shown[] =>
  out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Shown);

/** What looks like HTML to a reader sniffing for markup: an end tag or a character reference. */
const LOOKS_LIKE_HTML = /<\/[a-zA-Z][a-zA-Z0-9]*>|&#?\w+;/;

/** Checks `articles` in `feedUrls` (RSS and Atom documents holding all of them); returns a summary and failures. */
export function checkTextFields(
  python: string,
  feedUrls: string[],
  articles: readonly Article[],
  work: string,
): { summary: string; failures: string[]; accepted: string[] } {
  const failures: string[] = [];
  const accepted: string[] = [];
  let checked = 0;
  const readers: [string, (url: string) => Shown[]][] = [
    ['feedparser', (url) => lines(execFileSync(python, ['-c', FEEDPARSER], { input: url, encoding: 'utf8' }))],
    ['newsboat', (url) => newsboat(python, url, work)],
  ];
  for (const [reader, read] of readers) {
    for (const feedUrl of feedUrls) {
      const format = /\.atom(?:\?|$)/.test(feedUrl) ? 'Atom' : 'RSS';
      const shown = new Map(read(feedUrl).map((s) => [s.url, s]));
      for (const article of articles) {
        const entry = shown.get(article.url);
        if (entry === undefined) {
          failures.push(`${reader}, ${format}: ${article.slug} is missing from ${feedUrl}`);
          continue;
        }
        const fields: [string, string, string | null][] = [
          ['title', article.title, entry.title],
          ['author', article.authors[0]!.name, entry.author],
          ['dek', article.dek, entry.summary],
        ];
        for (const [field, typed, got] of fields) {
          if (got === null) continue; // newsboat keeps no plain dek
          checked++;
          if (got === typed) continue;
          const line = `${reader}, ${format} ${field} of ${article.slug}: typed ${JSON.stringify(typed)}, shown ${JSON.stringify(got)}`;
          if (format === 'RSS' && field === 'title' && LOOKS_LIKE_HTML.test(typed)) accepted.push(line);
          else failures.push(line);
        }
      }
    }
  }
  return {
    summary: `${checked} titles, author names and deks of ${articles.length} hostile articles read with feedparser and newsboat, ${failures.length} shown differently${accepted.length > 0 ? ` (and ${accepted.length} accepted: an RSS title that looks like HTML)` : ''}`,
    failures,
    accepted,
  };
}
