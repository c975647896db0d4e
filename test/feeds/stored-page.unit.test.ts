import { describe, expect, it } from 'vitest';
import { currentItems, decodeStoredPage, encodeStoredPage } from '../../src/feeds/stored-page';
import type { IndexMeta } from '../../src/storage/keys';
import type { ScopeListing } from '../../src/storage/page-reader';

const encoder = new TextEncoder();
const item = (id: string, v: string) => ({
  id,
  v,
  updated: '2026-01-01T00:00:00Z',
  u: Date.UTC(2026, 0, 1),
  digest: `d-${id}`,
});

function listing(entries: [id: string, v: string | undefined][], complete = true): ScopeListing {
  const keys = entries.map(([id, v]) => ({
    name: `idx:all:0000:${id}`,
    metadata: { k: 'analysis', r: [], t: [], a: [], ...(v ? { v } : {}) } as IndexMeta,
  }));
  return {
    result: (complete
      ? { keys, list_complete: true, cacheStatus: null }
      : { keys, list_complete: false, cursor: 'c', cacheStatus: null }) as KVNamespaceListResult<IndexMeta>,
    kvCursor: '',
    offset: 0,
    candidates: keys.map((k, position) => ({ key: k.name, meta: k.metadata, position })),
    pages: [],
  };
}

function page() {
  const value = encodeStoredPage(
    'ctx',
    [item('a', '1'), item('b', '2'), item('c', '3')],
    ['<A/>', '<BB/>', '<CCC/>'].map((s) => encoder.encode(s)),
  );
  const decoded = decodeStoredPage('page:rss:all', value.buffer as ArrayBuffer);
  if (decoded === null) throw new Error('the encoded page does not decode');
  return decoded;
}

const text = (bytes: Uint8Array[]) => bytes.map((b) => new TextDecoder().decode(b));

describe('a stored page checked against the listing', () => {
  it('gives the items the listing names, in its order, up to the limit', () => {
    expect(
      text(
        currentItems(
          page(),
          listing([
            ['a', '1'],
            ['b', '2'],
            ['c', '3'],
          ]),
          2,
        )!.bytes,
      ),
    ).toEqual(['<A/>', '<BB/>']);
    expect(
      text(
        currentItems(
          page(),
          listing([
            ['a', '1'],
            ['b', '2'],
          ]),
          5,
        )!.bytes,
      ),
    ).toEqual(['<A/>', '<BB/>']);
  });

  it('is not used when an article is new, gone, reordered or in another version', () => {
    expect(
      currentItems(
        page(),
        listing([
          ['n', '9'],
          ['a', '1'],
          ['b', '2'],
        ]),
        3,
      ),
    ).toBeNull();
    expect(
      currentItems(
        page(),
        listing([
          ['a', '1'],
          ['c', '3'],
        ]),
        2,
      ),
    ).toBeNull();
    expect(
      currentItems(
        page(),
        listing([
          ['b', '2'],
          ['a', '1'],
        ]),
        2,
      ),
    ).toBeNull();
    expect(
      currentItems(
        page(),
        listing([
          ['a', '1'],
          ['b', '7'],
        ]),
        2,
      ),
    ).toBeNull();
    expect(currentItems(page(), listing([['a', undefined]]), 1)).toBeNull();
  });

  it('is not used when it is shorter than the page asked for, or the listing may hide entries', () => {
    expect(
      currentItems(
        page(),
        listing([
          ['a', '1'],
          ['b', '2'],
          ['c', '3'],
          ['d', '4'],
        ]),
        4,
      ),
    ).toBeNull();
    expect(currentItems(page(), listing([['a', '1']], false), 2)).toBeNull();
  });

  it('rejects offsets that point outside the stored bytes', () => {
    const value = encoder.encode(
      `${JSON.stringify({ context: 'ctx', items: [{ ...item('a', '1'), end: 99 }] })}\n<A/>`,
    );
    expect(decodeStoredPage('page:rss:all', value.buffer as ArrayBuffer)).toBeNull();
  });
});
