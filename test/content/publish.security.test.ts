/**
 * The hostile corpus through the publishing API, inside workerd: what lands in KV is the sanitized body marked with
 * the sanitizer's version, and every feed format serves exactly that stored body. Records stored before the sanitizer
 * existed are cleaned when read. Random markup published through the API keeps the same invariants (fast-check).
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sanitizeHtml, SANITIZER_VERSION } from '../../src/content/sanitize';
import type { Article } from '../../src/schema/article';
import { ALL } from '../../src/schema/scope';
import { KvContentStore } from '../../src/storage/content-store';
import { articleKey, indexEntries, slugKey } from '../../src/storage/keys';
import { atomFeed, decodeHtmlText, list, rssChannel, shownText, text, type XmlNode } from '../feeds/support';
import { makeArticle } from '../support/articles';
import { hostileArticles } from '../support/hostile';
import { admin, request } from '../support/http';
import { markup } from '../support/markup-arbitrary';
import { unsafeParts } from '../support/safe-html';

const TAG = 'hostile-corpus';
const corpus = hostileArticles.map(([name, article]): [string, Article] => [
  name,
  { ...article, tags: [...article.tags, TAG] },
]);

async function stored(id: string): Promise<Record<string, unknown>> {
  return JSON.parse((await env.CONTENT.get(articleKey(id)))!) as Record<string, unknown>;
}

interface Shown {
  content: string;
  title: string;
  dek: string;
  author: string;
}

/** What each format shows of every item, by article URL, from the tag feed that holds the whole corpus. */
async function servedContent(tag: string): Promise<Record<'rss' | 'atom' | 'json', Map<string, Shown>>> {
  const rss = rssChannel(await (await request(`/feeds/tag/${tag}.rss?limit=100`)).text());
  const atom = atomFeed(await (await request(`/feeds/tag/${tag}.atom?limit=100`)).text());
  const json = (await (await request(`/feeds/tag/${tag}.json?limit=100`)).json()) as {
    items: { url: string; content_html: string; title: string; summary: string; authors: { name: string }[] }[];
  };
  return {
    rss: new Map(
      (rss.item ?? []).map((item) => [
        text(item.link),
        {
          content: text(item['content:encoded']),
          title: text(item.title),
          dek: decodeHtmlText(text(item.description)), // description is HTML
          author: text(list(item['dc:creator'])[0]),
        },
      ]),
    ),
    atom: new Map(
      (atom.entry ?? []).map((entry) => [
        String((list(entry.link)[0] as XmlNode)['@href']),
        {
          content: text(entry.content),
          title: shownText(entry.title),
          dek: shownText(entry.summary),
          author: text((list(entry.author)[0] as XmlNode).name),
        },
      ]),
    ),
    json: new Map(
      json.items.map((item) => [
        item.url,
        { content: item.content_html, title: item.title, dek: item.summary, author: item.authors[0]!.name },
      ]),
    ),
  };
}

describe('publishing the hostile corpus', () => {
  let served: Awaited<ReturnType<typeof servedContent>>;

  beforeAll(async () => {
    expect((await admin('PUT', `/admin/tags/${TAG}`, { slug: TAG, name: 'Hostile corpus' })).status).toBeLessThan(300);
    const res = await admin(
      'POST',
      '/admin/articles/batch',
      corpus.map(([, article]) => article),
    );
    expect(res.status).toBe(200);
    served = await servedContent(TAG);
  });

  it.each(corpus)('%s: stores the sanitized body, marked with the sanitizer version', async (_, article) => {
    const record = await stored(article.id);
    expect(record.sanitizer).toBe(SANITIZER_VERSION);
    expect(record.bodyHtml).toBe(sanitizeHtml(article.bodyHtml, article.url));
    expect(unsafeParts(record.bodyHtml as string)).toEqual([]);
    expect({ ...record, bodyHtml: article.bodyHtml, sanitizer: undefined }).toEqual({
      ...article,
      sanitizer: undefined,
    });
  });

  it.each(corpus)('%s: every feed format serves exactly the stored body', async (_, article) => {
    const body = (await stored(article.id)).bodyHtml as string;
    // XML 1.0 turns a CR in CDATA into LF; sanitized bodies have none (the HTML parser normalises newlines).
    expect(served.rss.get(article.url)?.content).toBe(body);
    expect(served.atom.get(article.url)?.content).toBe(body);
    expect(served.json.get(article.url)?.content).toBe(body);
  });

  it.each(corpus)('%s: every feed format carries the title, dek and author name exactly as typed', (_, article) => {
    const typed = { title: article.title, dek: article.dek, author: article.authors[0]!.name };
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(served[format].get(article.url)).toMatchObject(typed);
    }
  });

  it('answers the publish with the stored article, and the admin API reads it back without the marker', async () => {
    const [, article] = corpus.find(([name]) => name.endsWith('img-onerror'))!;
    const put = await admin('PUT', `/admin/articles/${article.slug}`, article);
    expect(put.status).toBe(200);
    const body = (await put.json()) as Article;
    expect(body.bodyHtml).not.toContain('onerror');
    const read = (await (await admin('GET', `/admin/articles/${article.slug}`)).json()) as Record<string, unknown>;
    expect(read).toEqual(body);
    expect(read).not.toHaveProperty('sanitizer');
  });
});

describe('records stored before the sanitizer existed', () => {
  const tag = 'pre-sanitizer';
  const old = makeArticle({
    tags: [tag],
    bodyHtml:
      '<p onclick="alert(1)">Old <a href="javascript:alert(1)">record</a> <a href="#notes">notes</a></p><script>x</script>',
  });

  /** Writes `old` the way publishing did before: the plain Article JSON, no marker; then its scopes' heads. */
  async function storeTheOldWay(): Promise<string> {
    const textValue = JSON.stringify(old);
    for (const entry of indexEntries(old)) await env.CONTENT.put(entry.key, '', { metadata: entry.metadata });
    await env.CONTENT.put(articleKey(old.id), textValue);
    await env.CONTENT.put(slugKey(old.slug), old.id);
    await new KvContentStore(env.CONTENT).rebuildHeads([ALL, { type: 'tag', slug: tag }]);
    return textValue;
  }

  it('are cleaned when read, in every feed format and in the admin API, without a write', async () => {
    expect((await admin('PUT', `/admin/tags/${tag}`, { slug: tag, name: 'Pre-sanitizer' })).status).toBeLessThan(300);
    const textValue = await storeTheOldWay();
    const clean = sanitizeHtml(old.bodyHtml, old.url);
    expect(clean).toBe(`<p>Old <a>record</a> <a href="${old.url}#notes">notes</a></p>`);
    const content = await servedContent(tag);
    expect(content.rss.get(old.url)?.content).toBe(clean);
    expect(content.atom.get(old.url)?.content).toBe(clean);
    expect(content.json.get(old.url)?.content).toBe(clean);
    const read = (await (await admin('GET', `/admin/articles/${old.slug}`)).json()) as Article;
    expect(read.bodyHtml).toBe(clean);
    expect(await env.CONTENT.get(articleKey(old.id))).toBe(textValue);
  });

  it('are rewritten with the marker when the same article is published again', async () => {
    const res = await admin('PUT', `/admin/articles/${old.slug}`, old);
    expect(res.status).toBe(200);
    const record = await stored(old.id);
    expect(record.sanitizer).toBe(SANITIZER_VERSION);
    expect(record.bodyHtml).toBe(sanitizeHtml(old.bodyHtml, old.url));
  });
});

describe('random markup through the publishing API (fast-check)', () => {
  it('stores only safe, absolute, well-formed, stable HTML, or refuses a body with nothing left', async () => {
    await fc.assert(
      fc.asyncProperty(markup(), async (bodyHtml) => {
        const article = makeArticle({ bodyHtml: bodyHtml === '' ? '<p>x</p>' : bodyHtml });
        const res = await admin('PUT', `/admin/articles/${article.slug}`, article);
        if (res.status === 422) {
          expect(sanitizeHtml(article.bodyHtml, article.url).trim()).toBe('');
          expect(await env.CONTENT.get(articleKey(article.id))).toBeNull();
          return;
        }
        expect(res.status).toBe(201);
        const body = (await stored(article.id)).bodyHtml as string;
        expect(unsafeParts(body)).toEqual([]);
        expect(sanitizeHtml(body, article.url)).toBe(body);
      }),
      { seed: 20261201, numRuns: 40 },
    );
  });
});
