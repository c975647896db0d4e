import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { scopesOf } from '../../src/schema/scope';
import type { HeadIndex } from '../../src/storage/head-index';
import { articleKey, headKey, indexKey, slugKey } from '../../src/storage/keys';
import { SANITIZER_VERSION } from '../../src/content/sanitize';
import { makeArticle } from '../support/articles';
import { admin, request } from '../support/http';

async function indexKeysOf(id: string): Promise<string[]> {
  const { keys } = await env.CONTENT.list({ prefix: 'idx:' });
  return keys.map((k) => k.name).filter((name) => name.endsWith(`:${id}`));
}

describe('publishing an article', () => {
  it('creates it with 201 and lists it under every scope it belongs to', async () => {
    const article = makeArticle({ regions: ['europe', 'global'], tags: ['ukraine', 'sanctions'], kind: 'news' });
    const res = await admin('PUT', `/admin/articles/${article.slug}`, article);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/admin/articles/${article.slug}`);
    expect(await res.json()).toEqual(article);

    const expected = scopesOf(article)
      .map((scope) => indexKey(scope, article))
      .sort();
    expect(expected).toHaveLength(1 + 1 + 2 + 2 + 1);
    expect((await indexKeysOf(article.id)).sort()).toEqual(expected);
    expect(await env.CONTENT.get(slugKey(article.slug))).toBe(article.id);
    // Stored with the version of the sanitizer that cleaned its body (a body it leaves as it is, here).
    expect(await env.CONTENT.get(articleKey(article.id), 'json')).toEqual({ ...article, sanitizer: SANITIZER_VERSION });
  });

  it('answers 200 when replacing, and GET returns the stored record', async () => {
    const article = makeArticle();
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    const edited = { ...article, title: 'Edited title', updatedAt: '2026-06-01T00:00:00Z' };
    expect((await admin('PUT', `/admin/articles/${article.slug}`, edited)).status).toBe(200);
    const res = await admin('GET', `/admin/articles/${article.slug}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(edited);
  });

  it('moves the article in every index when its regions, tags and date change, leaving no stale entry', async () => {
    const article = makeArticle({ regions: ['africa'], tags: ['sahel', 'migration'] });
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    const moved = {
      ...article,
      regions: ['middle-east' as const],
      tags: ['iran'],
      publishedAt: '2025-03-04T05:06:07Z',
    };
    expect((await admin('PUT', `/admin/articles/${article.slug}`, moved)).status).toBe(200);

    const keys = await indexKeysOf(article.id);
    expect(keys.sort()).toEqual(
      scopesOf(moved)
        .map((s) => indexKey(s, moved))
        .sort(),
    );
    expect(keys.some((k) => k.includes(':africa:') || k.includes(':sahel:') || k.includes(':migration:'))).toBe(false);
  });

  it('keeps the id when the slug changes, and frees the old slug', async () => {
    const article = makeArticle();
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    const renamed = { ...article, slug: `${article.slug}-renamed` };
    expect((await admin('PUT', `/admin/articles/${renamed.slug}`, renamed)).status).toBe(200);
    expect((await admin('GET', `/admin/articles/${article.slug}`)).status).toBe(404);
    expect(await (await admin('GET', `/admin/articles/${renamed.slug}`)).json()).toMatchObject({ id: article.id });
    expect(await indexKeysOf(article.id)).toHaveLength(scopesOf(article).length);
  });

  it('deletes it from every index, and a second delete is a 404', async () => {
    const article = makeArticle({ tags: ['china', 'taiwan'] });
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    expect((await admin('DELETE', `/admin/articles/${article.slug}`)).status).toBe(204);
    expect(await indexKeysOf(article.id)).toEqual([]);
    expect(await env.CONTENT.get(articleKey(article.id))).toBeNull();
    expect(await env.CONTENT.get(slugKey(article.slug))).toBeNull();
    expect((await admin('DELETE', `/admin/articles/${article.slug}`)).status).toBe(404);
  });

  it('loses none of 50 different articles published in parallel into the same region and tag', async () => {
    const tag = `parallel-${Date.now().toString(36)}`;
    const articles = Array.from({ length: 50 }, () => makeArticle({ regions: ['asia-pacific'], tags: [tag] }));
    const statuses = await Promise.all(
      articles.map(async (a) => (await admin('PUT', `/admin/articles/${a.slug}`, a)).status),
    );
    expect(statuses).toEqual(Array(50).fill(201));
    const { keys } = await env.CONTENT.list({ prefix: `idx:tag:${tag}:` });
    expect(keys.map((k) => k.name.split(':').pop()).sort()).toEqual(articles.map((a) => a.id).sort());

    // The publishes raced for the tag's head index; the rebuild queue's single consumer merges every change again.
    const headIds = async () =>
      (
        (JSON.parse((await env.CONTENT.get(headKey({ type: 'tag', slug: tag }))) ?? '{"entries":[]}') as HeadIndex)
          .entries ?? []
      ).map((e) => e.id);
    for (let i = 0; i < 100 && (await headIds()).length < 50; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await headIds()).sort()).toEqual(articles.map((a) => a.id).sort());
    const feed = await (await request(`/feeds/tag/${tag}.json?limit=100`)).json<{ items: unknown[] }>();
    expect(feed.items).toHaveLength(50);
  }, 60_000);
});

describe('publishing in batches', () => {
  it('reports a result per item and writes the valid items only', async () => {
    const good = makeArticle();
    const bad = { ...makeArticle(), title: '', regions: ['atlantis'] };
    const res = await admin('POST', '/admin/articles/batch', [good, bad]);
    expect(res.status).toBe(207);
    const { results } = (await res.json()) as {
      results: { index: number; status: number; problem?: { errors: { pointer: string }[] } }[];
    };
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 422],
    ]);
    expect(results[1]!.problem!.errors.map((e) => e.pointer).sort()).toEqual(['#/1/regions/0', '#/1/title']);
    expect((await admin('GET', `/admin/articles/${good.slug}`)).status).toBe(200);
    expect((await admin('GET', `/admin/articles/${bad.slug}`)).status).toBe(404);
  });

  it('answers 200 and reports unchanged items when the same batch is sent twice', async () => {
    const batch = [makeArticle(), makeArticle()];
    expect((await admin('POST', '/admin/articles/batch', batch)).status).toBe(200);
    const res = await admin('POST', '/admin/articles/batch', batch);
    expect(await res.json()).toMatchObject({
      results: [
        { status: 200, result: 'unchanged' },
        { status: 200, result: 'unchanged' },
      ],
    });
  });

  it('refuses the second of two items with the same slug', async () => {
    const a = makeArticle();
    const res = await admin('POST', '/admin/articles/batch', [a, { ...a, id: `${a.id}-x` }]);
    expect(await res.json()).toMatchObject({ results: [{ status: 201 }, { status: 409 }] });
  });

  it('accepts 100 items and rejects 101', async () => {
    const hundred = Array.from({ length: 100 }, () => makeArticle());
    expect((await admin('POST', '/admin/articles/batch', hundred)).status).toBe(200);
    const res = await admin('POST', '/admin/articles/batch', [...hundred, makeArticle()]);
    expect(res.status).toBe(422);
  });
});
