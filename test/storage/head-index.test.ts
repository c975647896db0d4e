import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/schema/scope';
import {
  emptyHead,
  HEAD_SIZE,
  headChange,
  headEntry,
  headFromListing,
  mergeHead,
  scopesOfChange,
} from '../../src/storage/head-index';
import { indexEntries, indexPrefix } from '../../src/storage/keys';
import { makeArticle } from '../support/articles';

const all: Scope = { type: 'all' };
const europe: Scope = { type: 'region', slug: 'europe' };
const ids = (head: { entries: { id: string }[] }) => head.entries.map((e) => e.id);

describe('merging changes into a head index', () => {
  it('keeps entries newest first, as KV lists the index keys, and only those in the scope', () => {
    const [older, newer, elsewhere] = [
      makeArticle({ regions: ['europe'], publishedAt: '2026-01-01T00:00:00Z' }),
      makeArticle({ regions: ['europe'], publishedAt: '2026-02-01T00:00:00Z' }),
      makeArticle({ regions: ['africa'], publishedAt: '2026-03-01T00:00:00Z' }),
    ];
    const changes = [older!, newer!, elsewhere!].map((a) => headChange(null, a));
    expect(ids(mergeHead(emptyHead(), europe, changes))).toEqual([newer!.id, older!.id]);
    expect(ids(mergeHead(emptyHead(), all, changes))).toEqual([elsewhere!.id, newer!.id, older!.id]);
  });

  it('is idempotent: the publishing request and the queue may both apply a change', () => {
    const article = makeArticle({ regions: ['europe'] });
    const once = mergeHead(emptyHead(), europe, [headChange(null, article)]);
    expect(mergeHead(once, europe, [headChange(null, article)])).toEqual(once);
  });

  it('moves an article out of a scope it left, and removes a deleted one', () => {
    const before = makeArticle({ regions: ['europe'] });
    const moved = { ...before, regions: ['africa' as const] };
    const head = mergeHead(emptyHead(), europe, [headChange(null, before)]);
    expect(ids(mergeHead(head, europe, [headChange(before, moved)]))).toEqual([]);
    expect(ids(mergeHead(head, europe, [headChange(before, null)]))).toEqual([]);
    expect(scopesOfChange(headChange(before, moved))).toContainEqual({ type: 'region', slug: 'africa' });
    expect(scopesOfChange(headChange(before, moved))).toContainEqual(europe);
  });

  it(`keeps ${HEAD_SIZE} entries and then says the scope goes on beyond them`, () => {
    const articles = Array.from({ length: HEAD_SIZE + 1 }, () => makeArticle());
    const head = mergeHead(
      emptyHead(),
      all,
      articles.map((a) => headChange(null, a)),
    );
    expect(head.entries).toHaveLength(HEAD_SIZE);
    expect(head.complete).toBe(false);
    // An article older than the head's last entry belongs beyond it, where listing finds it.
    const ancient = makeArticle({ publishedAt: '2001-01-01T00:00:00Z' });
    expect(mergeHead(head, all, [headChange(null, ancient)])).toEqual(head);
  });

  it('is rebuilt from a listing of the index keys with their metadata', () => {
    const article = makeArticle({ regions: ['europe'], tags: ['sanctions'] });
    const prefix = indexPrefix(europe);
    const [entry] = indexEntries(article).filter((e) => e.key.startsWith(prefix));
    const head = headFromListing(prefix, {
      keys: [{ name: entry!.key, metadata: entry!.metadata }],
      list_complete: true,
    });
    expect(head).toEqual({ entries: [headEntry(article)], complete: true });
  });
});
