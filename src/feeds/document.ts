/**
 * A feed document is its opening (everything before the first item), its items in order with a separator between
 * them, and its closing. Each format says how to write these parts; rendering is the same for all three.
 */
import type { Article } from '../schema/article';
import { renderBytes, type ByteWriter } from './byte-writer';
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
  const feed = prepareFeed(meta, articles);
  const context = format.itemContext(meta);
  return renderBytes((out) => {
    out.write(format.open(meta, { count: feed.items.length, updated: feed.updated, updatedMs: feed.updatedMs }));
    feed.items.forEach((item, index) => {
      if (index > 0 && format.separator !== '') out.write(format.separator);
      format.writeItem(out, item, context);
    });
    out.writeBytes(format.close);
  });
}
