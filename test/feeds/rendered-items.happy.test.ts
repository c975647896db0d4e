/**
 * Feed items rendered at publish (src/feeds/item-fragments.ts, docs/storage.md): a miss writes them out instead of
 * rendering every record, with the same bytes and ETag, in fewer KV operations; the single writer renders them again
 * when they fall out of date.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultyKv } from '../support/fault-kv';
import { makeArticle } from '../support/articles';
import { newestFirst, seedFixtures } from '../support/fixtures';
import { admin, request } from '../support/http';
import { articleKey, itemKey } from '../../src/storage/keys';
import type { RebuildMessage } from '../../src/admin/rebuild-queue';

beforeAll(seedFixtures, 60_000);

/** Every request renders: no copy kept by the edge cache or the isolate. */
const UNCACHED = { EDGE_CACHE: 'off' };
const withoutItems = () => faultyKv(env.CONTENT, 'missing', (key) => key.startsWith('item:'));
const uniqueTag = () => `ri-${crypto.randomUUID().slice(0, 8)}`;
const kvOps = (res: Response) => Number(/kv;desc="(\d+) ops"/.exec(res.headers.get('server-timing') ?? '')?.[1]);

/** A queue that keeps what is sent to it. */
function recordingQueue() {
  const sent: RebuildMessage[] = [];
  const queue = {
    async send(body: RebuildMessage) {
      sent.push(body);
    },
  } as unknown as Queue<RebuildMessage>;
  return { queue, sent };
}

const FEEDS = [
  '/feeds/all',
  '/feeds/region/asia-pacific',
  '/feeds/author/nadia-benali',
  '/feeds/kind/analysis',
  '/feeds/tag/north-korea',
] as const;

describe('feeds from items rendered at publish', () => {
  for (const format of ['rss', 'atom', 'json'] as const) {
    it.each(FEEDS)(
      `%s.${format}: the same bytes, ETag and Last-Modified as rendering the records, in two KV operations`,
      async (feed) => {
        const path = `${feed}.${format}?limit=25`;
        const fromItems = await request(path, {}, UNCACHED);
        const fromRecords = await request(path, {}, { ...UNCACHED, CONTENT: withoutItems() });
        expect(fromItems.status).toBe(200);
        expect(new Uint8Array(await fromItems.arrayBuffer())).toEqual(new Uint8Array(await fromRecords.arrayBuffer()));
        for (const header of ['etag', 'last-modified', 'content-type'])
          expect(fromItems.headers.get(header)).toBe(fromRecords.headers.get(header));
        // The head, then the items with the taxonomy; the records are read only where items are missing.
        expect(kvOps(fromItems)).toBeLessThanOrEqual(2);
        if (feed !== '/feeds/tag/north-korea') expect([kvOps(fromItems), kvOps(fromRecords)]).toEqual([2, 3]);
      },
    );
  }

  it('reads the records only of the articles whose items are missing, and reports those to the queue', async () => {
    const tag = uniqueTag();
    const articles = [makeArticle({ tags: [tag] }), makeArticle({ tags: [tag] }), makeArticle({ tags: [tag] })];
    for (const article of articles) await admin('PUT', `/admin/articles/${article.slug}`, article);
    const [, second, third] = newestFirst(articles).map((a) => a.id);
    const hidden = new Set([second!, third!].map(itemKey));
    const { queue, sent } = recordingQueue();
    const bindings = {
      ...UNCACHED,
      CONTENT: faultyKv(env.CONTENT, 'missing', (k) => hidden.has(k)),
      CONTENT_QUEUE: queue,
    };
    const res = await request(`/feeds/tag/${tag}.atom`, {}, bindings);
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toContain('get=3 ');
    expect(sent).toEqual([{ step: 'items', ids: [second, third] }]);
    // An isolate reports an article once, not on every miss until its item is written.
    await request(`/feeds/tag/${tag}.atom`, {}, bindings);
    expect(sent).toHaveLength(1);
  });
});

describe('publishing keeps items beside records', () => {
  it('writes the item in the publishing request, rewrites it with the record, and deletes it with the article', async () => {
    const tag = uniqueTag();
    const article = makeArticle({ title: 'First title', tags: [tag] });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    const first = await env.CONTENT.get(itemKey(article.id));
    expect(first).not.toBeNull();

    const resend = await admin('PUT', `/admin/articles/${article.slug}`, article);
    expect(resend.headers.get('server-timing')).toContain('put=0 ');
    expect(await env.CONTENT.get(itemKey(article.id))).toBe(first);

    const edited = { ...article, title: 'Second title' };
    expect((await admin('PUT', `/admin/articles/${article.slug}`, edited)).status).toBe(200);
    const second = await env.CONTENT.get(itemKey(article.id));
    expect(second).not.toBe(first);
    const feed = await (await request(`/feeds/tag/${tag}.rss`, {}, UNCACHED)).text();
    expect(feed).toContain('<title>Second title</title>');

    expect((await admin('DELETE', `/admin/articles/${article.slug}`)).status).toBe(204);
    expect(await env.CONTENT.get(itemKey(article.id))).toBeNull();
    expect(await env.CONTENT.get(articleKey(article.id))).toBeNull();
  });

  it('after a taxonomy rename, feeds show the new name at once and the queue makes the items current again', async () => {
    const tag = uniqueTag();
    expect((await admin('PUT', `/admin/tags/${tag}`, { slug: tag, name: 'Old Name' })).status).toBe(201);
    const article = makeArticle({ tags: [tag] });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    const path = `/feeds/tag/${tag}.rss`;
    expect(kvOps(await request(path, {}, UNCACHED))).toBe(2);

    expect((await admin('PUT', `/admin/tags/${tag}`, { slug: tag, name: 'New Name' })).status).toBe(200);
    const renamed = await request(path, {}, UNCACHED);
    const body = await renamed.text();
    expect(body).toContain('>New Name</category>');
    expect(kvOps(renamed)).toBe(3);

    // The real queue consumer renders the reported item again; then a miss reads no record.
    let ops = 3;
    for (let i = 0; i < 50 && ops !== 2; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ops = kvOps(await request(path, {}, UNCACHED));
    }
    expect(ops).toBe(2);
    expect(await (await request(path, {}, UNCACHED)).text()).toBe(body);
    expect(await env.CONTENT.get(itemKey(article.id))).toContain('"New Name"');
  });
});
