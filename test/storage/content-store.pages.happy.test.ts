import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/schema/article';
import { ALL, type Scope } from '../../src/schema/scope';
import { KvContentStore } from '../../src/storage/content-store';
import { articleKey, headKey, indexKey } from '../../src/storage/keys';
import type { PageQuery } from '../../src/storage/page-reader';
import { ProblemError } from '../../src/http/problem';
import { makeArticle } from '../support/articles';
import { newestFirst as sortNewestFirst } from '../support/fixtures';
import { countingKv } from '../support/counting-kv';

const uniqueTag = () => `t-${crypto.randomUUID().slice(0, 8)}`;

async function publish(articles: Article[]): Promise<void> {
  const { results } = await new KvContentStore(env.CONTENT).publishMany(articles, 'test');
  expect(results.every((r) => r.status === 201)).toBe(true);
}

/** A page as a request reads it: a store of its own, so no taxonomy copy is shared between tests. */
const readPage = (query: PageQuery, kv: KVNamespace = env.CONTENT) => new KvContentStore(kv, {}).page(query);

const newestFirst = (articles: Article[]) => sortNewestFirst(articles).map((a) => a.id);

describe('reading a page of a scope', () => {
  it('returns the newest articles first with the taxonomy in two KV operations, neither of them a list', async () => {
    const tag = uniqueTag();
    const articles = Array.from({ length: 30 }, () => makeArticle({ tags: [tag] }));
    await publish(articles);
    await new KvContentStore(env.CONTENT).putTerms('tag', [{ slug: tag, name: 'Test tag' }]);

    const { kv, ops } = countingKv(env.CONTENT);
    const list = vi.spyOn(kv, 'list');
    const page = await readPage({ scope: { type: 'tag', slug: tag }, limit: 20 }, kv);
    expect(ops()).toBe(2);
    expect(list).not.toHaveBeenCalled();
    expect(page.articles.map((a) => a.id)).toEqual(newestFirst(articles).slice(0, 20));
    expect(page.taxonomy.tag[tag]).toMatchObject({ name: 'Test tag' });
  });

  it('pages through every article exactly once with the next cursor', async () => {
    const tag = uniqueTag();
    const articles = Array.from({ length: 23 }, () => makeArticle({ tags: [tag] }));
    await publish(articles);
    const scope: Scope = { type: 'tag', slug: tag };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await readPage({ scope, limit: 10, cursor });
      seen.push(...page.articles.map((a) => a.id));
      cursor = page.next ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(newestFirst(articles));
  });

  it('intersects a region with a tag from index metadata, across pages', async () => {
    const tag = uniqueTag();
    const inRegion = Array.from({ length: 7 }, () => makeArticle({ regions: ['latin-america'], tags: [tag] }));
    const elsewhere = Array.from({ length: 9 }, () => makeArticle({ regions: ['europe'], tags: [tag] }));
    await publish([...inRegion, ...elsewhere]);

    const scope: Scope = { type: 'tag', slug: tag };
    const first = await readPage({ scope, filter: { region: 'latin-america' }, limit: 4 });
    expect(first.articles.map((a) => a.id)).toEqual(newestFirst(inRegion).slice(0, 4));
    const second = await readPage({
      scope,
      filter: { region: 'latin-america' },
      limit: 4,
      cursor: first.next!,
    });
    expect(second.articles.map((a) => a.id)).toEqual(newestFirst(inRegion).slice(4));
  });

  it('skips a corrupt record and logs it, serving the rest', async () => {
    const tag = uniqueTag();
    const articles = Array.from({ length: 5 }, () => makeArticle({ tags: [tag] }));
    await publish(articles);
    const victim = articles[2]!;
    await env.CONTENT.put(articleKey(victim.id), '{"id": "truncated');
    const older = articles[3]!;
    await env.CONTENT.put(articleKey(older.id), JSON.stringify({ ...older, title: 42 }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const page = await readPage({ scope: { type: 'tag', slug: tag }, limit: 10 });
    expect(page.articles.map((a) => a.id)).toEqual(
      newestFirst(articles).filter((id) => id !== victim.id && id !== older.id),
    );
    expect(warn.mock.calls.map((c) => JSON.parse(String(c[0])).key)).toEqual(
      expect.arrayContaining([articleKey(victim.id), articleKey(older.id)]),
    );
    warn.mockRestore();
  });

  it('ignores an index entry whose article no longer belongs to the scope', async () => {
    const tag = uniqueTag();
    const member = makeArticle({ tags: [tag] });
    const stranger = makeArticle({ tags: ['other'] });
    await publish([member, stranger]);
    // What an update interrupted between its phases leaves behind, taken into the head by a rebuild.
    const scope: Scope = { type: 'tag', slug: tag };
    await env.CONTENT.put(indexKey(scope, stranger), '', {
      metadata: { k: 'analysis', r: ['asia-pacific'], t: [tag], a: [] },
    });
    expect(await new KvContentStore(env.CONTENT).rebuildHeads([scope])).toEqual([scope]);
    expect(await env.CONTENT.get(headKey(scope))).toContain(stranger.id);

    const page = await readPage({ scope: { type: 'tag', slug: tag }, limit: 10 });
    expect(page.articles.map((a) => a.id)).toEqual([member.id]);
  });

  it('returns an empty last page for a scope with no articles', async () => {
    const page = await readPage({ scope: { type: 'tag', slug: uniqueTag() }, limit: 20 });
    expect(page).toMatchObject({ articles: [], next: null });
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(
      readPage({ scope: { type: 'tag', slug: 'x' }, limit: 5, cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(ProblemError);
  });
});

describe('reading the articles of a span (the weekly round-up)', () => {
  it('returns every kind published from the start up to (not including) the end, oldest first', async () => {
    const at = (iso: string) => makeArticle({ publishedAt: iso });
    const before = at('2031-03-02T23:59:59.999Z');
    const first = at('2031-03-03T00:00:00.000Z');
    const middle = at('2031-03-05T12:00:00.000Z');
    const last = at('2031-03-09T23:59:59.999Z');
    const after = at('2031-03-10T00:00:00.000Z');
    await publish([after, middle, before, last, first]);

    const { kv, ops } = countingKv(env.CONTENT);
    const articles = await new KvContentStore(kv).publishedBetween(
      Date.parse('2031-03-03T00:00:00Z'),
      Date.parse('2031-03-10T00:00:00Z'),
    );
    expect(articles.map((a) => a.id)).toEqual([first.id, middle.id, last.id]);
    // A week sits under at most 8 sort-key prefixes: a few lists and one bulk read, whatever the corpus.
    expect(ops()).toBeLessThanOrEqual(9);
  });

  it('skips an index entry an interrupted update left behind', async () => {
    const article = makeArticle({ publishedAt: '2031-04-08T10:00:00.000Z' });
    await publish([article]);
    // The entry under an older publication date, as if the update that moved it had stopped halfway.
    await env.CONTENT.put(indexKey(ALL, { ...article, publishedAt: '2031-04-07T10:00:00.000Z' }), '');
    const articles = await new KvContentStore(env.CONTENT).publishedBetween(
      Date.parse('2031-04-07T00:00:00Z'),
      Date.parse('2031-04-14T00:00:00Z'),
    );
    expect(articles.map((a) => a.id)).toEqual([article.id]);
    expect(await env.CONTENT.get(articleKey(article.id))).not.toBeNull();
  });
});
