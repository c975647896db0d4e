import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import {
  consumeRebuildBatch,
  ITEMS_PER_BATCH,
  ITEMS_PER_MESSAGE,
  VERIFY_DELAY_SECONDS,
  type RebuildMessage,
} from '../../src/admin/rebuild-queue';
import { config } from '../../src/env';
import { itemFragmentsFor } from '../../src/feeds/item-fragments';
import { isolateParsedArticles } from '../../src/storage/parsed-articles';
import type { Scope } from '../../src/schema/scope';
import { KvContentStore } from '../../src/storage/content-store';
import { headChange, HeadIndex } from '../../src/storage/head-index';
import { headKey, indexKey, itemKey } from '../../src/storage/keys';
import { makeArticle } from '../support/articles';
import { admin, request } from '../support/http';

const uniqueTag = () => `rq-${crypto.randomUUID().slice(0, 8)}`;
const headIds = async (scope: Scope) =>
  HeadIndex.parse(JSON.parse((await env.CONTENT.get(headKey(scope))) ?? '{"entries":[],"complete":true}')).entries.map(
    (e) => e.id,
  );

/** A queue that keeps what is sent to it, to see the delayed re-verification. */
function recordingQueue() {
  const sent: { body: RebuildMessage; delaySeconds?: number }[] = [];
  const queue = {
    async send(body: RebuildMessage, options?: QueueSendOptions) {
      sent.push({ body, ...(options?.delaySeconds === undefined ? {} : { delaySeconds: options.delaySeconds }) });
    },
  } as unknown as Queue<RebuildMessage>;
  return { queue, sent };
}

async function consume(messages: unknown[], deps: Partial<Parameters<typeof consumeRebuildBatch>[1]> = {}) {
  const { queue, sent } = recordingQueue();
  const batch = createMessageBatch(
    'content-rebuild',
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeRebuildBatch(batch, { store: new KvContentStore(env.CONTENT), queue, ...deps });
  return { sent, result: await getQueueResult(batch, createExecutionContext()) };
}

describe('the content rebuild queue', () => {
  it('restores a publish that lost the race for a head, from the change the message carries', async () => {
    const tag = uniqueTag();
    const scope: Scope = { type: 'tag', slug: tag };
    const store = new KvContentStore(env.CONTENT);
    const [first, second] = [makeArticle({ tags: [tag] }), makeArticle({ tags: [tag] })];
    await store.publish(first!);
    const headWithFirst = await env.CONTENT.get(headKey(scope));
    await store.publish(second!);
    // A concurrent publish elsewhere wrote the head it had read before `second`: last writer wins.
    await env.CONTENT.put(headKey(scope), headWithFirst!);
    expect(await headIds(scope)).toEqual([first!.id]);

    const afterRebuild = vi.fn(async () => {});
    const { sent, result } = await consume([{ step: 'merge', changes: [headChange(null, second!)] }], {
      afterRebuild,
    });
    expect(await headIds(scope)).toEqual([second!.id, first!.id]);
    expect(result.explicitAcks).toEqual([]);
    expect(result.ackAll).toBe(true);
    expect(afterRebuild).toHaveBeenCalledWith(expect.arrayContaining([scope]));
    expect(sent).toEqual([
      {
        body: { step: 'verify', scopes: expect.arrayContaining([`tag:${tag}`, 'all']), items: [second!.id] },
        delaySeconds: VERIFY_DELAY_SECONDS,
      },
    ]);
  });

  it('re-verifies a head from the per-entry index keys, whatever the head says', async () => {
    const tag = uniqueTag();
    const scope: Scope = { type: 'tag', slug: tag };
    const article = makeArticle({ tags: [tag] });
    await new KvContentStore(env.CONTENT).publish(article);
    await env.CONTENT.put(headKey(scope), JSON.stringify({ entries: [], complete: true }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const { result, sent } = await consume([{ step: 'verify', scopes: [`tag:${tag}`] }]);
    expect(await headIds(scope)).toEqual([article.id]);
    expect(result.ackAll).toBe(true);
    expect(sent).toEqual([]);
    expect(warn.mock.calls.map((c) => JSON.parse(String(c[0])).event)).toContain('content.heads_repaired');
    warn.mockRestore();
  });

  it('drops a message it cannot read and retries the batch when storage fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect((await consume([{ step: 'nonsense' }])).result.ackAll).toBe(true);
    const failing = new KvContentStore({
      get: () => Promise.reject(new Error('KV is unavailable (injected fault)')),
    } as unknown as KVNamespace);
    const { result } = await consume([{ step: 'verify', scopes: ['all'] }], { store: failing });
    expect(result.retryBatch.retry).toBe(true);
    error.mockRestore();
  });
});

describe('rendered items in the content rebuild queue', () => {
  const storeWithItems = () =>
    new KvContentStore(env.CONTENT, env.CONTENT, isolateParsedArticles, itemFragmentsFor(config(env).SITE));

  it('replaces, after propagation, an item written from a record older than the stored one, and drops cached answers', async () => {
    const store = storeWithItems();
    const article = makeArticle({ title: 'Before the edit' });
    await store.publish(article);
    const before = await env.CONTENT.get(itemKey(article.id));
    await store.publish({ ...article, title: 'After the edit' });
    const after = await env.CONTENT.get(itemKey(article.id));
    // A refresh elsewhere read the record before the edit reached it, and wrote its item last.
    await env.CONTENT.put(itemKey(article.id), before!);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const afterRebuild = vi.fn(async () => {});
    await consume([{ step: 'verify', scopes: [], items: [article.id] }], { store, afterRebuild });
    expect(await env.CONTENT.get(itemKey(article.id))).toBe(after);
    expect(afterRebuild).toHaveBeenCalledOnce();
    expect(warn.mock.calls.map((c) => JSON.parse(String(c[0])).event)).toContain('content.items_repaired');
    warn.mockRestore();
  });

  it('renders outdated items again without dropping cached answers, and sends on what exceeds a batch', async () => {
    const store = storeWithItems();
    const article = makeArticle();
    await store.publish(article);
    const current = await env.CONTENT.get(itemKey(article.id));
    await env.CONTENT.delete(itemKey(article.id));
    const afterRebuild = vi.fn(async () => {});
    const many = Array.from({ length: ITEMS_PER_BATCH + 150 }, (_, i) => `absent-${i}`);
    const messages = [article.id, ...many].reduce<string[][]>((chunks, id, i) => {
      if (i % ITEMS_PER_MESSAGE === 0) chunks.push([]);
      chunks.at(-1)!.push(id);
      return chunks;
    }, []);
    const { sent } = await consume(
      messages.map((ids) => ({ step: 'items', ids })),
      { store, afterRebuild },
    );
    expect(await env.CONTENT.get(itemKey(article.id))).toBe(current);
    expect(afterRebuild).not.toHaveBeenCalled();
    expect(sent.flatMap((m) => (m.body.step === 'items' ? m.body.ids : []))).toEqual(
      [article.id, ...many].slice(ITEMS_PER_BATCH),
    );
  });

  it('drops an items message naming more articles than a message may', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ids = Array.from({ length: ITEMS_PER_MESSAGE + 1 }, (_, i) => `a-${i}`);
    const { result } = await consume([{ step: 'items', ids }]);
    expect(result.ackAll).toBe(true);
    expect(error.mock.calls.map((c) => JSON.parse(String(c[0])).event)).toEqual(['content.rebuild_invalid']);
    error.mockRestore();
  });
});

describe('publishing through the API', () => {
  it('shows the new article in the feed at once in this location, and the queue carries it to every head', async () => {
    const tag = uniqueTag();
    const scope: Scope = { type: 'tag', slug: tag };
    const article = makeArticle({ tags: [tag] });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    expect(await env.CONTENT.get(indexKey(scope, article))).toBe('');
    const feed = await (await request(`/feeds/tag/${tag}.json`)).json<{ items: { id: string }[] }>();
    expect(feed.items.map((i) => i.id)).toEqual([`tag:meridian-review.example,2024:article:${article.id}`]);

    // Another location's stale head wins the race in KV; the real queue consumer (workerd) merges the change again.
    await env.CONTENT.put(headKey(scope), JSON.stringify({ entries: [], complete: true }));
    for (let i = 0; i < 50 && !(await headIds(scope)).includes(article.id); i++)
      await new Promise((r) => setTimeout(r, 200));
    expect(await headIds(scope)).toEqual([article.id]);
  });
});
