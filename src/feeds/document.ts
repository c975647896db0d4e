/**
 * A feed document is its opening (everything before the first item), its items in order with a separator between
 * them, and its closing. Each format says how to write these parts; rendering is the same for all three.
 */
import type { Article } from '../schema/article';
import { contentEtagNow, type RenderedDocument } from '../http/representation';
import { renderBytes, withRendered, type ByteWriter } from './byte-writer';
import { prepareFeed, type FeedItem } from './item';
import type { FeedMeta } from './model';

/** What a document's opening says about its items. */
export interface FeedSummary {
  count: number;
  /** The latest item `updated` (RFC 3339), or the empty feed's date. */
  updated: string;
  updatedMs: number;
}

export interface FeedFormat<Context = unknown> {
  mediaType: string;
  label: string;
  open(meta: FeedMeta, summary: FeedSummary): string;
  /** Whatever items of one document share, derived from its meta once. */
  itemContext(meta: FeedMeta): Context;
  writeItem(out: ByteWriter, item: FeedItem, context: Context): void;
  separator: string;
  close: Uint8Array;
}

/** Renders `articles`, in the order given, as a document of `format`: its UTF-8 bytes. */
export function renderFeed<C>(format: FeedFormat<C>, meta: FeedMeta, articles: readonly Article[]): Uint8Array {
  return renderBytes(feedWriter(format, meta, articles));
}

/**
 * renderFeed as a response body: a Blob and its ETag, made from the rendered bytes where they were written. Of a
 * megabyte-sized document that is one copy (into the Blob, which Responses share) instead of three (the right-sized
 * bytes, crypto.subtle's copy to hash, the Response's own).
 */
export function renderFeedDocument<C>(
  format: FeedFormat<C>,
  meta: FeedMeta,
  articles: readonly Article[],
): RenderedDocument {
  return withRendered(feedWriter(format, meta, articles), (written) => ({
    etag: contentEtagNow(written),
    body: new Blob([written]),
  }));
}

function feedWriter<C>(format: FeedFormat<C>, meta: FeedMeta, articles: readonly Article[]) {
  const feed = prepareFeed(meta, articles);
  const context = format.itemContext(meta);
  return (out: ByteWriter) => {
    out.write(format.open(meta, { count: feed.items.length, updated: feed.updated, updatedMs: feed.updatedMs }));
    feed.items.forEach((item, index) => {
      if (index > 0 && format.separator !== '') out.write(format.separator);
      format.writeItem(out, item, context);
    });
    out.writeBytes(format.close);
  };
}
