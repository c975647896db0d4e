/**
 * A feed document is its opening (everything before the first item), its items in order with a separator between
 * them, and its closing. Each format says how to write these parts; rendering is the same for all three.
 */
import { sha256Base64url } from '../http/digest';
import { contentEtag } from '../http/representation';
import type { Article } from '../schema/article';
import { isRendered, type RenderedItem } from '../storage/rendered-items';
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
  const items = prepareFeed(meta, articles);
  const context = format.itemContext(meta);
  return renderDocument(format, format.open(meta, feedSummary(meta, items)), items, (out, item) =>
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

/** A document with its strong ETag and what its opening says of its items. */
export interface WrittenDocument {
  body: Uint8Array;
  etag: string;
  summary: FeedSummary;
}

/**
 * A document of `format` from its items in order, each either rendered before (its bytes and digest, as stored) or
 * rendered now from its article; its ETag from the items' digests (documentEtag), the ones rendered now hashed from
 * the document's own bytes.
 */
export async function writeDocument<C>(
  format: FeedFormat<C>,
  meta: FeedMeta,
  items: readonly (RenderedItem | FeedItem)[],
): Promise<WrittenDocument> {
  const summary = feedSummary(meta, items);
  const opening = format.open(meta, summary);
  const context = format.itemContext(meta);
  // Where each item rendered now was written, to hash it from the body (the writer's buffer is reused after).
  const spans: [number, number][] = [];
  const body = renderDocument(format, opening, items, (out, item) => {
    if (isRendered(item)) return out.writeBytes(item.bytes);
    const start = out.length;
    format.writeItem(out, item, context);
    spans.push([start, out.length]);
  });
  const digests = await Promise.all(
    items.map((item) => (isRendered(item) ? item.digest : sha256Base64url(body.subarray(...spans.shift()!)))),
  );
  return { body, etag: await documentEtag(format, opening, digests), summary };
}

/**
 * A document's strong ETag (RFC 9110 §8.8.3) from its parts rather than all its bytes: the format, its opening and
 * the digest of each item in order (src/storage/rendered-items.ts). A change to any byte changes one of them (the
 * closing is the format's own), and the same bytes always give the same ETag, whether an item was stored or rendered
 * on the spot. It hashes a few dozen bytes an item instead of the ~8 KB each item is.
 */
function documentEtag(format: Pick<FeedFormat, 'mediaType'>, opening: string, itemDigests: readonly string[]) {
  return contentEtag(`${format.mediaType}\n${opening}\n${itemDigests.join('\n')}`);
}
