/**
 * Feed items rendered when an article is published, kept beside its record so that a feed miss writes them out instead
 * of parsing, validating and rendering every record it shows (bench/README.md, "Items rendered at publish"). The
 * content store owns their keys and when they are written, read and deleted; how an item is rendered and what its
 * stored value looks like belong to the feeds (src/feeds/item-fragments.ts), which hand the store an ItemRenderer.
 *
 * A stored item is a cache of its record, never the source of truth: one that is missing, damaged, or rendered for
 * another date or classification of the article, another taxonomy name or another renderer is not used, and the
 * record is read and rendered instead. Written before its record, an item is never older than the record where it was
 * published; one a race left behind elsewhere is replaced by the rebuild queue's verification (docs/storage.md).
 */
import type { Article } from '../schema/article';
import type { HeadEntry } from './head-index';
import type { TaxonomySnapshot } from './taxonomy-snapshot';

/** One item as a document writes it: its bytes, their digest, and the date a feed's `updated` is taken from. */
export interface RenderedItem {
  bytes: Uint8Array;
  /** SHA-256 of `bytes` (sha256Base64url): a document's ETag is made from its items' digests. */
  digest: string;
  /** The item's last change, RFC 3339 in UTC. */
  updated: string;
  updatedMs: number;
}

export interface ItemRenderer {
  /** The value to store under `item:<id>` for `article`: its item in every format, with the taxonomy's names. */
  render(article: Article, taxonomy: TaxonomySnapshot): Promise<string>;
  /**
   * The item in `format` a stored value holds, if it was rendered by this renderer from a record dated and classified
   * as `entry` says, with the taxonomy's names as they are now; otherwise null, and the record is rendered instead.
   */
  read(value: string, format: string, entry: HeadEntry, taxonomy: TaxonomySnapshot): RenderedItem | null;
}

/**
 * A feed's page: each item as stored where it is current, otherwise the article, to be rendered now (its stored item
 * missing or outdated, for the single writer to render again).
 */
export interface ItemsPage {
  items: (RenderedItem | Article)[];
  /** Cursor of the next (older) page, or null on the last page. */
  next: string | null;
  taxonomy: TaxonomySnapshot;
}

export const isRendered = (item: object): item is RenderedItem => 'bytes' in item;
