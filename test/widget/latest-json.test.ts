import { describe, expect, it } from 'vitest';
import { emptySnapshot, type TaxonomySnapshot } from '../../src/storage/taxonomy-snapshot';
import { widgetData, widgetItem, widgetLabel } from '../../src/widget/latest-json';
import { makeArticle } from '../support/articles';

const snapshot: TaxonomySnapshot = {
  ...emptySnapshot(),
  region: { 'asia-pacific': { name: 'Asia-Pacific' } },
  kind: { analysis: { name: 'Analysis' } },
  tag: { china: { name: 'China' } },
  author: { 'li-wei': { name: 'Li Wei (李伟)' } },
};
const site = {
  name: 'Meridian Review',
  url: 'https://meridian-review.example',
  description: 'd',
  language: 'en',
  icon: 'https://meridian-review.example/i.png',
  logo: 'https://meridian-review.example/l.png',
  copyright: 'c',
  tagAuthority: 'meridian-review.example,2024',
};

describe('widgetItem', () => {
  it('keeps only what the widget shows: no body, excerpt, tags or image credits', () => {
    const article = makeArticle({
      excerpt: 'An excerpt.',
      authors: [
        { slug: 'li-wei', name: 'Li Wei (李伟)', url: 'https://meridian-review.example/authors/li-wei' },
        { slug: 'x', name: 'X' },
      ],
      regions: ['asia-pacific', 'global'],
      image: {
        url: 'https://media.example/a.jpg',
        alt: 'A table',
        width: 1600,
        height: 900,
        caption: 'c',
        credit: 'Photo: someone',
      },
    });
    expect(widgetItem(article, snapshot)).toEqual({
      id: article.id,
      title: article.title,
      dek: article.dek,
      url: article.url,
      image: { url: 'https://media.example/a.jpg', alt: 'A table', width: 1600, height: 900 },
      authors: [{ name: 'Li Wei (李伟)', url: 'https://meridian-review.example/authors/li-wei' }, { name: 'X' }],
      regions: [
        { slug: 'asia-pacific', name: 'Asia-Pacific' },
        { slug: 'global', name: 'global' },
      ],
      publishedAt: article.publishedAt,
      language: 'en',
    });
  });

  it('leaves out an image whose dimensions are unknown, since it could shift the partner page', () => {
    const article = makeArticle({ image: { url: 'https://media.example/a.jpg', alt: 'A table', width: 1600 } });
    expect(widgetItem(article, snapshot)).not.toHaveProperty('image');
  });
});

describe('widgetLabel', () => {
  it('names the kind, then the region, tag and author from the taxonomy', () => {
    expect(widgetLabel({ kind: 'analysis', region: 'asia-pacific', tag: 'china', author: 'li-wei' }, snapshot)).toBe(
      'Analysis · Asia-Pacific · China · Li Wei (李伟)',
    );
  });

  it('falls back to slugs the taxonomy does not know yet', () => {
    expect(widgetLabel({ kind: 'brief', tag: 'new-tag' }, snapshot)).toBe('brief · new-tag');
  });
});

describe('widgetData', () => {
  it('carries the publication, the label and the items in order', () => {
    const articles = [makeArticle(), makeArticle()];
    const result = widgetData(site, snapshot, { kind: 'analysis' }, articles);
    expect(result.site).toEqual({ name: 'Meridian Review', url: 'https://meridian-review.example' });
    expect(result.label).toBe('Analysis');
    expect(result.items.map((i) => i.id)).toEqual(articles.map((a) => a.id));
  });
});
