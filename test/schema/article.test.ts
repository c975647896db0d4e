import { describe, expect, it } from 'vitest';
import { Article } from '../../src/schema/article';
import { AuthorTerm, KindTerm, RegionTerm, TagTerm } from '../../src/schema/taxonomy';
import { makeArticle } from '../support/articles';

const articleFiles = import.meta.glob<unknown>('../../fixtures/articles/*.json', { eager: true, import: 'default' });
const taxonomy = import.meta.glob<unknown[]>('../../fixtures/taxonomy/*.json', { eager: true, import: 'default' });

const failingPaths = (data: unknown) => {
  const result = Article.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('the article schema', () => {
  it('accepts every fixture article', () => {
    const entries = Object.entries(articleFiles);
    expect(entries.length).toBeGreaterThanOrEqual(80);
    for (const [file, data] of entries) expect([file, failingPaths(data)]).toEqual([file, []]);
  });

  it('accepts every fixture taxonomy record', () => {
    const schemas = { regions: RegionTerm, kinds: KindTerm, tags: TagTerm, authors: AuthorTerm };
    for (const [name, schema] of Object.entries(schemas)) {
      const records = taxonomy[`../../fixtures/taxonomy/${name}.json`];
      expect(records, name).toBeDefined();
      for (const record of records!) expect(schema.safeParse(record).success, JSON.stringify(record)).toBe(true);
    }
  });

  it.each([
    ['id', { id: 'has spaces' }],
    ['slug', { slug: 'Upper-Case' }],
    ['url', { url: '/relative/path' }],
    ['url', { url: 'javascript:alert(1)' }],
    ['title', { title: '   ' }],
    ['dek', { dek: '' }],
    ['kind', { kind: 'rumour' }],
    ['regions', { regions: [] }],
    ['regions.0', { regions: ['atlantis'] }],
    ['regions', { regions: ['europe', 'europe'] }],
    ['tags.0', { tags: ['Not A Slug'] }],
    ['authors', { authors: [] }],
    ['authors.0.name', { authors: [{ slug: 'a', name: '' }] }],
    ['publishedAt', { publishedAt: '2025-13-01T00:00:00Z' }],
    ['publishedAt', { publishedAt: '2025-01-01T00:00:00' }],
    ['updatedAt', { publishedAt: '2025-06-01T00:00:00Z', updatedAt: '2025-05-01T00:00:00Z' }],
    ['image.alt', { image: { url: 'https://x.example/a.jpg', alt: '' } }],
    ['image.type', { image: { url: 'https://x.example/a.jpg', alt: 'A', type: 'text/html' } }],
    ['image.length', { image: { url: 'https://x.example/a.jpg', alt: 'A', length: 1.5 } }],
    ['bodyHtml', { bodyHtml: '' }],
    ['language', { language: 'english!' }],
  ])('rejects a bad %s, naming that field', (path, override) => {
    expect(failingPaths({ ...makeArticle(), ...override })).toEqual([path]);
  });

  it('rejects a field outside the contract', () => {
    const result = Article.safeParse({ ...makeArticle(), body: '<p>typo</p>' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('body');
  });
});
