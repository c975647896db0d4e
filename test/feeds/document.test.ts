import { describe, expect, it } from 'vitest';
import { atomFormat } from '../../src/feeds/atom';
import { renderFeed, renderFeedDocument } from '../../src/feeds/document';
import { jsonFeedFormat } from '../../src/feeds/json-feed';
import { rssFormat } from '../../src/feeds/rss';
import { contentEtag } from '../../src/http/representation';
import { articles, meta } from './support';

describe('renderFeedDocument', () => {
  it.each([
    ['RSS', rssFormat],
    ['Atom', atomFormat],
    ['JSON Feed', jsonFeedFormat],
  ] as const)('gives the bytes renderFeed gives, as a Blob, with the ETag of those bytes (%s)', async (_, format) => {
    const bytes = renderFeed(format, meta, articles);
    const document = renderFeedDocument(format, meta, articles);
    expect(new Uint8Array(await document.body.arrayBuffer())).toEqual(bytes);
    expect(document.etag).toBe(await contentEtag(bytes));
  });

  it('keeps its own copy: a later render into the same writer does not change an earlier document', async () => {
    const first = renderFeedDocument(rssFormat, meta, articles);
    const firstBytes = new Uint8Array(await first.body.arrayBuffer());
    renderFeedDocument(rssFormat, meta, articles.slice(0, 1));
    expect(new Uint8Array(await first.body.arrayBuffer())).toEqual(firstBytes);
    expect(first.etag).toBe(await contentEtag(firstBytes));
  });
});
