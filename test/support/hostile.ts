import { Article } from '../../src/schema/article';

const files = import.meta.glob<unknown>('../../fixtures/hostile/*.json', { eager: true, import: 'default' });

/** The hostile corpus (fixtures/hostile/), by file name, parsed with the publishing schema. */
export const hostileArticles: [name: string, article: Article][] = Object.entries(files)
  .map(([path, data]): [string, Article] => [
    path
      .split('/')
      .at(-1)!
      .replace(/\.json$/, ''),
    Article.parse(data),
  ])
  .sort(([a], [b]) => a.localeCompare(b));

export const richArticle = hostileArticles.find(([name]) => name.endsWith('rich-legitimate-article'))![1];
