import type { Article } from '../../src/schema/article';

let counter = 0;

/** A valid article with a fresh id and slug; override any field. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  counter++;
  const n = `${Date.now().toString(36)}-${counter}`;
  return {
    id: `test-${n}`,
    slug: `test-article-${n}`,
    url: `https://meridian-review.example/2026/01/test-article-${n}`,
    title: `Test article ${counter}`,
    dek: 'A standfirst for a test article.',
    kind: 'analysis',
    regions: ['asia-pacific'],
    tags: ['china'],
    authors: [{ slug: 'test-author', name: 'Test Author' }],
    publishedAt: new Date(Date.UTC(2026, 0, 1) + counter * 60_000).toISOString(),
    bodyHtml: '<p>Body.</p>',
    language: 'en',
    ...overrides,
  };
}
