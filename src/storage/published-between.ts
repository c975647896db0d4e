import type { Article } from '../schema/article';
import { ALL } from '../schema/scope';
import { bulkGet } from './bulk-get';
import { listKeys } from './list-keys';
import { articleKey, idFromIndexKey, indexKey, indexPrefix, invertedMs } from './keys';
import type { ParsedArticles } from './parsed-articles';

/**
 * Index sort keys are 13 digits of inverted milliseconds. A 5-digit prefix spans 10^8 ms (27.8 h), so a week's entries
 * sit under at most 8 prefixes: listing those costs the same whatever the corpus size or the span's age.
 */
const SORT_PREFIX_DIGITS = 5;

/**
 * The articles of every kind published from `fromMs` (inclusive) to `untilMs` (exclusive), oldest first: the site
 * index listed under the sort-key prefixes that span covers, then one bulk read of the records, parsed as a page's are
 * (articles this isolate parsed before from the same text are used again).
 */
export async function publishedBetween(
  kv: KVNamespace,
  parsed: ParsedArticles,
  fromMs: number,
  untilMs: number,
): Promise<Article[]> {
  const lo = invertedMs(untilMs) + 1;
  const hi = invertedMs(fromMs);
  const span = 10 ** (13 - SORT_PREFIX_DIGITS);
  const site = indexPrefix(ALL);
  const keys: string[] = [];
  for (let p = Math.floor(lo / span); p <= Math.floor(hi / span); p++) {
    for (const name of await listKeys(kv, `${site}${String(p).padStart(SORT_PREFIX_DIGITS, '0')}`)) {
      const sort = Number(name.slice(site.length, site.length + 13));
      if (sort >= lo && sort <= hi) keys.push(name);
    }
  }
  const values = await bulkGet(
    kv,
    keys.map((k) => articleKey(idFromIndexKey(k))),
  );
  const articles: Article[] = [];
  for (const key of keys.reverse()) {
    const id = idFromIndexKey(key);
    const article = parsed.parse(articleKey(id), values.get(articleKey(id)) ?? null);
    // An entry left behind by an interrupted update names an article that has moved on: it is stale.
    if (article !== null && indexKey(ALL, article) === key) articles.push(article);
  }
  return articles;
}
