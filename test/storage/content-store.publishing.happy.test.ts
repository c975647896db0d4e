import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/schema/scope';
import { KvContentStore } from '../../src/storage/content-store';
import { HeadIndex } from '../../src/storage/head-index';
import { config } from '../../src/env';
import { itemFragmentsFor } from '../../src/feeds/item-fragments';
import { isolateParsedArticles } from '../../src/storage/parsed-articles';
import { articleKey, headKey, itemKey, SCOPE_COUNTS_KEY } from '../../src/storage/keys';
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

describe('rendered feed items in the content store', () => {
  const site = () => config(env).SITE;
  const storeWithItems = (kv: KVNamespace = env.CONTENT) =>
    new KvContentStore(kv, env.CONTENT, isolateParsedArticles, itemFragmentsFor(site()));

  it('writes the item with the index entries, before the record, so no reader finds a record newer than its item', async () => {
    const writes: string[] = [];
    const recording = new Proxy(env.CONTENT, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as (...a: unknown[]) => Promise<unknown>;
        if (prop !== 'put' || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        return (key: string, ...rest: unknown[]) => {
          writes.push(key);
          return value.call(target, key, ...rest);
        };
      },
    });
    const article = makeArticle({ tags: [uniqueTag()] });
    await storeWithItems(recording).publish(article);
    expect(writes.indexOf(itemKey(article.id))).toBeGreaterThanOrEqual(0);
    expect(writes.indexOf(itemKey(article.id))).toBeLessThan(writes.indexOf(articleKey(article.id)));
    const value = await env.CONTENT.get(itemKey(article.id));
    expect(value).toBe(await itemFragmentsFor(site()).render(article, await storeWithItems().taxonomy()));
  });

  it('renders an outdated item again on an unchanged re-send, leaving the record as it is', async () => {
    const article = makeArticle({ tags: [uniqueTag()] });
    const store = storeWithItems();
    await store.publish(article);
    const [current, record] = [
      await env.CONTENT.get(itemKey(article.id)),
      await env.CONTENT.get(articleKey(article.id)),
    ];
    await env.CONTENT.put(itemKey(article.id), current!.replace(/^\[\d+,/, '[0,'));
    expect((await store.publish(article)).status).toBe('unchanged');
    expect(await env.CONTENT.get(itemKey(article.id))).toBe(current);
    expect(await env.CONTENT.get(articleKey(article.id))).toBe(record);
  });

  it('refreshItems writes only what differs from its record, and deletes the item of an article that is gone', async () => {
    const [kept, stale, gone] = [makeArticle(), makeArticle(), makeArticle()];
    const store = storeWithItems();
    for (const article of [kept, stale, gone]) await store.publish(article);
    const staleValue = await env.CONTENT.get(itemKey(stale.id));
    await store.publish({ ...stale, title: 'Edited meanwhile' });
    // A refresh that read the record before the edit reached it wrote the old item back.
    await env.CONTENT.put(itemKey(stale.id), staleValue!);
    await env.CONTENT.delete(articleKey(gone.id));
    expect((await store.refreshItems([kept.id, stale.id, gone.id])).sort()).toEqual([stale.id, gone.id].sort());
    const edited = (await store.article(stale.slug))!;
    expect(edited.title).toBe('Edited meanwhile');
    expect(await env.CONTENT.get(itemKey(stale.id))).toBe(
      await itemFragmentsFor(site()).render(edited, await store.taxonomy()),
    );
    expect(await env.CONTENT.get(itemKey(gone.id))).toBeNull();
    expect(await store.refreshItems([kept.id, stale.id])).toEqual([]);
  });
});
