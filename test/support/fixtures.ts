import { env } from 'cloudflare:workers';
import { Article } from '../../src/schema/article';
import { TAXONOMIES, TAXONOMY_NAMES } from '../../src/schema/taxonomy';
import { config } from '../../src/env';
import { itemFragmentsFor } from '../../src/feeds/item-fragments';
import { KvContentStore } from '../../src/storage/content-store';
import { isolateParsedArticles } from '../../src/storage/parsed-articles';
import { scopeOf } from '../../src/storage/term-store';

const articleFiles = import.meta.glob<unknown>('../../fixtures/articles/*.json', { eager: true, import: 'default' });
const taxonomyFiles = import.meta.glob<unknown[]>('../../fixtures/taxonomy/*.json', { eager: true, import: 'default' });

/** The fixture corpus, parsed with the same schema the publishing API uses. */
export const fixtureArticles: Article[] = Object.values(articleFiles).map((data) => Article.parse(data));

export function fixtureTerms(name: (typeof TAXONOMY_NAMES)[number]) {
  return (taxonomyFiles[`../../fixtures/taxonomy/${name}.json`] ?? []).map((t) => TAXONOMIES[name].schema.parse(t));
}

/**
 * Loads fixtures/ into the test KV through the content store, as publishing does, feed items included (re-running it
 * writes nothing new).
 */
export async function seedFixtures(): Promise<void> {
  const store = new KvContentStore(env.CONTENT, env.CONTENT, isolateParsedArticles, itemFragmentsFor(config(env).SITE));
  for (const name of TAXONOMY_NAMES) await store.putTerms(scopeOf(name), fixtureTerms(name));
  // Batches small enough that every item fits the invocation's KV budget, head indexes included.
  for (let i = 0; i < fixtureArticles.length; i += 50)
    await store.publishMany(fixtureArticles.slice(i, i + 50), 'seed');
}

export const newestFirst = (articles: Article[]) =>
  [...articles].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
