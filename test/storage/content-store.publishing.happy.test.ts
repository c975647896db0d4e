import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/schema/scope';
import { KvContentStore } from '../../src/storage/content-store';
import { HeadIndex } from '../../src/storage/head-index';
import { headKey, SCOPE_COUNTS_KEY } from '../../src/storage/keys';
import { ScopeCounts } from '../../src/storage/scope-counts';
import { makeArticle } from '../support/articles';

const uniqueTag = () => `pub-${crypto.randomUUID().slice(0, 8)}`;
const storedHead = async (scope: Scope) => HeadIndex.parse(JSON.parse((await env.CONTENT.get(headKey(scope)))!));
const storedCounts = async () => ScopeCounts.parse(JSON.parse((await env.CONTENT.get(SCOPE_COUNTS_KEY))!)).counts;

describe('publishing through the content store', () => {
  it('writes the head index of every scope of the article, and the directory counts, in this location', async () => {
    const tag = uniqueTag();
    const store = new KvContentStore(env.CONTENT);
    const article = makeArticle({ tags: [tag], regions: ['africa'] });
    await store.publish(article);

    const head = await storedHead({ type: 'tag', slug: tag });
    expect(head).toEqual({
      entries: [expect.objectContaining({ id: article.id, r: ['africa'], t: [tag], k: 'analysis' })],
      complete: true,
    });
    expect((await storedHead({ type: 'region', slug: 'africa' })).entries.map((e) => e.id)).toContain(article.id);
    expect((await storedCounts())[`tag:${tag}`]).toBe(1);
  });

  it('moves an article between heads when it moves between scopes, and removes it when deleted', async () => {
    const [from, to] = [uniqueTag(), uniqueTag()];
    const store = new KvContentStore(env.CONTENT);
    const article = makeArticle({ tags: [from] });
    await store.publish(article);
    await store.publish({ ...article, tags: [to] });
    expect((await storedHead({ type: 'tag', slug: from })).entries).toEqual([]);
    expect((await storedHead({ type: 'tag', slug: to })).entries.map((e) => e.id)).toEqual([article.id]);
    expect(await storedCounts()).toMatchObject({ [`tag:${from}`]: 0, [`tag:${to}`]: 1 });

    expect(await store.unpublish(article.slug)).toMatchObject({ id: article.id });
    expect((await storedHead({ type: 'tag', slug: to })).entries).toEqual([]);
    expect((await storedCounts())[`tag:${to}`]).toBe(0);
  });

  it('leaves KV untouched by an unchanged re-send', async () => {
    const tag = uniqueTag();
    const store = new KvContentStore(env.CONTENT);
    const article = makeArticle({ tags: [tag] });
    await store.publish(article);
    const before = await env.CONTENT.get(headKey({ type: 'tag', slug: tag }));
    expect((await store.publish(article)).status).toBe('unchanged');
    expect(await env.CONTENT.get(headKey({ type: 'tag', slug: tag }))).toBe(before);
  });
});
