import { describe, expect, it } from 'vitest';
import { DataQuery, pageSelection, parseQuery } from '../../src/widget/query';

const selection = (query: string) => pageSelection(parseQuery(new URL(`https://x.test/?${query}`), DataQuery));

describe('pageSelection', () => {
  it.each([
    ['', { scope: { type: 'kind', slug: 'analysis' }, filter: {} }],
    ['region=europe', { scope: { type: 'region', slug: 'europe' }, filter: { kind: 'analysis' } }],
    [
      'region=europe&tag=ukraine',
      { scope: { type: 'tag', slug: 'ukraine' }, filter: { region: 'europe', kind: 'analysis' } },
    ],
    [
      'region=europe&tag=ukraine&author=li-wei&kind=news',
      { scope: { type: 'author', slug: 'li-wei' }, filter: { tag: 'ukraine', region: 'europe', kind: 'news' } },
    ],
  ])('lists the most selective scope and filters by the rest (%s)', (query, expected) => {
    expect(selection(query)).toEqual(expected);
  });
});
