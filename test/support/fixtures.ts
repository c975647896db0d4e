import { env } from 'cloudflare:workers';
import { Article } from '../../src/schema/article';
import { TAXONOMIES, TAXONOMY_NAMES } from '../../src/schema/taxonomy';
import { ArticleStore } from '../../src/storage/article-store';
import { scopeOf, TermStore } from '../../src/storage/term-store';

const articleFiles = import.meta.glob<unknown>('../../fixtures/articles/*.json', { eager: true, import: 'default' });
const taxonomyFiles = import.meta.glob<unknown[]>('../../fixtures/taxonomy/*.json', { eager: true, import: 'default' });

/** The fixture corpus, parsed with the same schema the publishing API uses. */
export const fixtureArticles: Article[] = Object.values(articleFiles).map((data) => Article.parse(data));

export function fixtureTerms(name: (typeof TAXONOMY_NAMES)[number]) {
  return (taxonomyFiles[`../../fixtures/taxonomy/${name}.json`] ?? []).map((t) => TAXONOMIES[name].schema.parse(t));
}

/** Loads fixtures/ into the test KV through the stores (re-running it writes nothing new). */
export async function seedFixtures(): Promise<void> {
  const terms = new TermStore(env.CONTENT);
  for (const name of TAXONOMY_NAMES) await terms.put(scopeOf(name), fixtureTerms(name));
  const store = new ArticleStore(env.CONTENT);
  for (let i = 0; i < fixtureArticles.length; i += 100) await store.putMany(fixtureArticles.slice(i, i + 100), 'seed');
}

export const newestFirst = (articles: Article[]) =>
  [...articles].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
