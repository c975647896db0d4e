/**
 * A worker for measuring, inside workerd, what a feed miss computes once KV has answered: src/feeds/feed-response.ts's
 * produceFeed, against a namespace held in this isolate's memory (MemoryKv), so KV's own time is not in it. Bundled
 * and run by bench/lib/render-cpu.ts.
 *
 * POST /seed {site, snapshot, articles}: publishes the articles through the content store (heads included).
 * GET /miss?limit=N: one miss of the site feed (RSS), a fresh store each time, as a request that finds the isolate's
 * snapshot copy expired; answers nothing (with `size=1`, the document's size), so sending it is not measured. With
 * `cold=1`, none of the articles has been parsed by this isolate before (a fresh src/storage/parsed-articles.ts
 * cache); otherwise they were, by the requests before it, as in an isolate serving feeds that share articles.
 * GET /empty: the same request path doing nothing, to subtract what workerd spends on any request.
 */
import { produceFeed } from '../../src/feeds/feed-response';
import { itemFragmentsFor } from '../../src/feeds/item-fragments';
import type { Article } from '../../src/schema/article';
import { ALL } from '../../src/schema/scope';
import { Site } from '../../src/schema/site';
import { KvContentStore } from '../../src/storage/content-store';
import { isolateParsedArticles, ParsedArticles } from '../../src/storage/parsed-articles';
import { SNAPSHOT_KEY } from '../../src/storage/taxonomy-snapshot';
import { MemoryKv } from './memory-kv';

const kv = new MemoryKv();
let site: Site | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/empty') return new Response('0');
    if (request.method === 'POST' && url.pathname === '/seed') {
      const seed = (await request.json()) as { site: unknown; snapshot: string; articles: Article[] };
      site = Site.parse(seed.site);
      await kv.put(SNAPSHOT_KEY, seed.snapshot);
      const publisher = new KvContentStore(kv.asNamespace(), {}, isolateParsedArticles, itemFragmentsFor(site));
      for (const article of seed.articles) await publisher.publish(article);
      return new Response(String(seed.articles.length));
    }
    if (site === undefined) return new Response('not seeded', { status: 409 });
    const limit = Number(url.searchParams.get('limit'));
    const parsed = url.searchParams.has('cold') ? new ParsedArticles() : isolateParsedArticles;
    // `records=1`: the items rendered at publish are not used, as when none were stored (every article is rendered).
    const items = !url.searchParams.has('records');
    const feed = await produceFeed(
      {
        content: new KvContentStore(kv.asNamespace(), {}, parsed, items ? itemFragmentsFor(site) : undefined),
        site,
        url: new URL(`${site.url}/feeds/all.rss?limit=${limit}`),
      },
      { scope: ALL, format: 'rss', limit },
    );
    // The document is not copied out (a worker hands it to the runtime to send): only its size is answered, read once.
    if (url.searchParams.has('size')) return new Response(String((await feed.arrayBuffer()).byteLength));
    await feed.body?.cancel();
    return new Response('');
  },
};
