import { getPlatformProxy } from 'wrangler';
import type { Article } from '../../src/schema/article';
import type { TaxonomyName, Term } from '../../src/schema/taxonomy';
import { itemFragmentsFor } from '../../src/feeds/item-fragments';
import { Site } from '../../src/schema/site';
import { KvContentStore } from '../../src/storage/content-store';
import { isolateParsedArticles } from '../../src/storage/parsed-articles';
import { scopeOf } from '../../src/storage/term-store';
import type { ContentDir } from './content-dir';

const BATCH = 100;
const MAX_ATTEMPTS = 5;

export interface Target {
  putTerms(name: TaxonomyName, terms: Term[]): Promise<void>;
  /** Returns the articles that must be sent again (the service ran out of its per-request budget). */
  putArticles(articles: Article[]): Promise<{ retry: Article[]; failed: string[]; counts: Record<string, number> }>;
  close(): Promise<void>;
}

/**
 * The local KV of `wrangler dev`: its default store, or the one `wrangler dev --persist-to <persistTo>` uses (which
 * keeps its data in `<persistTo>/v3`, where getPlatformProxy takes the path as it is). `kv` is for development-only
 * data beside content.
 */
export async function localTarget(persistTo?: string): Promise<Target & { kv: KVNamespace }> {
  // Local KV needs no location lookup from the network (nor does the `wrangler dev` started after this).
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
  const { env, dispose } = await getPlatformProxy<Env>({
    persist: persistTo === undefined ? true : { path: `${persistTo}/v3` },
  });
  // Feed items rendered as the deployed worker renders them on publish, for this site.
  const items = itemFragmentsFor(Site.parse(env.SITE));
  const store = new KvContentStore(env.CONTENT, env.CONTENT, isolateParsedArticles, items);
  return {
    kv: env.CONTENT,
    async putTerms(name, list) {
      await store.putTerms(scopeOf(name), list);
    },
    async putArticles(list) {
      const { results } = await store.publishMany(list, 'content:push');
      return tally(list, results);
    },
    // Content pushed before head indexes existed gets them here (the scheduled repair does this when deployed).
    async close() {
      await store.repair();
      await dispose();
    },
  };
}

export function remoteTarget(base: string, token: string): Target {
  async function post(path: string, body: unknown) {
    const res = await fetch(new URL(path, base), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200 && res.status !== 207) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { results: { slug?: string; status: number; result?: string; problem?: unknown }[] };
  }
  return {
    async putTerms(name, list) {
      for (let i = 0; i < list.length; i += BATCH) {
        const { results } = await post(`/admin/${name}/batch`, list.slice(i, i + BATCH));
        const failed = results.filter((r) => r.status >= 300);
        if (failed.length > 0) throw new Error(`${name}: ${JSON.stringify(failed)}`);
      }
    },
    async putArticles(list) {
      const { results } = await post('/admin/articles/batch', list);
      return tally(list, results);
    },
    close: async () => {},
  };
}

function tally(list: Article[], results: { status: number; result?: string; problem?: unknown }[]) {
  const counts: Record<string, number> = {};
  const retry: Article[] = [];
  const failed: string[] = [];
  results.forEach((r, i) => {
    if (r.status === 503) retry.push(list[i]!);
    else if (r.status >= 300) failed.push(`${list[i]!.slug}: ${JSON.stringify(r.problem)}`);
    else counts[r.result!] = (counts[r.result!] ?? 0) + 1;
  });
  return { retry, failed, counts };
}

/** Pushes taxonomy first, then articles in batches, resending what the service deferred. Returns a summary line and refusals. */
export async function pushContent(target: Target, content: ContentDir): Promise<{ summary: string; failed: string[] }> {
  for (const { name, terms } of content.taxonomy) await target.putTerms(name, terms);
  const counts: Record<string, number> = {};
  const failed: string[] = [];
  for (let i = 0; i < content.articles.length; i += BATCH) {
    let pending = content.articles.slice(i, i + BATCH);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS)
        throw new Error(`${pending.length} article(s) still deferred after ${MAX_ATTEMPTS} attempts`);
      const result = await target.putArticles(pending);
      for (const [k, v] of Object.entries(result.counts)) counts[k] = (counts[k] ?? 0) + v;
      failed.push(...result.failed);
      pending = result.retry;
    }
  }
  const terms = content.taxonomy.map((t) => `${t.terms.length} ${t.name}`).join(', ');
  return {
    summary: `${content.articles.length} articles (${JSON.stringify(counts)})${terms ? ` and ${terms}` : ''}`,
    failed,
  };
}
