/**
 * A feed document is its opening (everything before the first item), its items in order with a separator between
 * them, and its closing. Each format says how to write these parts; rendering is the same for all three.
 */
import { contentEtag } from '../http/representation';
import type { Article } from '../schema/article';
import { renderBytes, type ByteWriter } from './byte-writer';
import { feedSummary, prepareFeed, type FeedItem } from './item';
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
  return renderDocument(format, format.open(meta, feedSummary(meta, feed.items)), feed.items, (out, item) =>
    format.writeItem(out, item, context),
  );
}

/**
 * A document of `format` from its opening (format.open) and its items in order, each written by `writeItem`: from
 * articles (renderFeed), or from items rendered before (src/feeds/item-fragments.ts), which gives the same bytes.
 */
export function renderDocument<F, I>(
  format: FeedFormat<F>,
  opening: string,
  items: readonly I[],
  writeItem: (out: ByteWriter, item: I) => void,
): Uint8Array {
  return renderBytes((out) => {
    out.write(opening);
    items.forEach((item, index) => {
      if (index > 0 && format.separator !== '') out.write(format.separator);
      writeItem(out, item);
    });
    out.writeBytes(format.close);
  });
}

/**
 * A document's strong ETag (RFC 9110 §8.8.3) from its parts rather than all its bytes: the format, its opening and
 * the digest of each item in order (src/storage/rendered-items.ts). A change to any byte changes one of them (the
 * closing is the format's own), and the same bytes always give the same ETag, whether an item was stored or rendered
 * on the spot. It hashes a few dozen bytes an item instead of the ~8 KB each item is.
 */
export function documentEtag(
  format: Pick<FeedFormat, 'mediaType'>,
  opening: string,
  itemDigests: readonly string[],
): Promise<string> {
  return contentEtag(`${format.mediaType}\n${opening}\n${itemDigests.join('\n')}`);
}
