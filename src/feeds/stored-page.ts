/**
 * A feed's first page kept in KV as rendered items, so that a cache miss costs one listing and one read of the page
 * instead of reading and rendering every article. Its key sits in the scope's listing (keys.ts, pageEntryKey) and
 * names a fingerprint of what it was rendered from: the context (site settings, taxonomy, and what the renderer makes
 * of a fixed sample article) and the id and version of each item. The listing a page costs anyway thus tells, before
 * anything else is read, whether a stored page is current: its fingerprint must equal the one computed from the
 * index entries listed now. If none is, the articles are read instead (still one read), and a page is stored for
 * the next miss. The value's own header is checked against the listing again when it is used.
 */
import * as z from 'zod';
import type { Site } from '../schema/site';
import type { Article } from '../schema/article';
import { sha256Base64url } from '../http/digest';
import { ALL, idFromIndexKey, type PageEntry } from '../storage/keys';
import type { ScopeListing } from '../storage/page-reader';
import type { KnownSnapshot } from '../storage/taxonomy-snapshot';
import { concatBytes, utf8 } from './byte-writer';
import { renderFeed, type FeedFormat } from './document';
import { feedMeta } from './feed-meta';

/** Fingerprint of a page: its context and the id and version of each item, in order. */
export async function pageFingerprint(context: string, items: readonly { id: string; v: string }[]): Promise<string> {
  return itemDigest(utf8(`${context}\n${items.map((i) => `${i.id} ${i.v}\n`).join('')}`));
}

/**
 * The stored page of `format` that the listing shows current for a page of `limit` items: its fingerprint equals
 * that of the entries listed now, and it has enough items (or all the scope has).
 */
export async function currentPageEntry(
  listing: ScopeListing,
  format: string,
  context: string,
  limit: number,
): Promise<PageEntry | null> {
  const { candidates, result } = listing;
  for (const entry of listing.pages) {
    if (entry.format !== format || !(entry.count > 0) || candidates.length < entry.count) continue;
    if (entry.count < limit && !(result.list_complete && candidates.length === entry.count)) continue;
    const listed: { id: string; v: string }[] = [];
    for (const c of candidates.slice(0, entry.count)) {
      if (c.meta?.v === undefined) break;
      listed.push({ id: idFromIndexKey(c.key), v: c.meta.v });
    }
    if (listed.length === entry.count && (await pageFingerprint(context, listed)) === entry.fingerprint) return entry;
  }
  return null;
}

const StoredItem = z.object({
  id: z.string(),
  /** recordVersion of the article text the item was rendered from. */
  v: z.string(),
  /** The item's `updated` (RFC 3339) and its epoch ms: the opening's date and the Last-Modified come from them. */
  updated: z.string(),
  u: z.number(),
  /** itemDigest of the item's bytes: the ETag is made from these. */
  digest: z.string(),
  /** Where the item's bytes end in the item region. */
  end: z.int().nonnegative(),
});
export type StoredItem = z.infer<typeof StoredItem>;

const StoredPageHeader = z.object({ context: z.string(), items: z.array(StoredItem) });

export interface StoredPage {
  context: string;
  items: StoredItem[];
  /** The items' bytes, one after another. */
  region: Uint8Array;
}

const NEWLINE = 0x0a;

/** The value stored: one line of JSON (the header), then the item bytes. */
export function encodeStoredPage(
  context: string,
  items: readonly Omit<StoredItem, 'end'>[],
  bytes: readonly Uint8Array[],
): Uint8Array {
  let end = 0;
  const header = JSON.stringify({
    context,
    items: items.map((item, i) => ({ ...item, end: (end += bytes[i]!.byteLength) })),
  });
  return concatBytes([utf8(`${header}\n`), ...bytes]);
}

/** Reads a stored value back; anything malformed is logged and treated as absent. */
export function decodeStoredPage(key: string, value: ArrayBuffer | null): StoredPage | null {
  if (value === null) return null;
  const bytes = new Uint8Array(value);
  const newline = bytes.indexOf(NEWLINE);
  const fail = (issue: string) => {
    console.warn(JSON.stringify({ event: 'kv.record_invalid', key, issues: [issue] }));
    return null;
  };
  if (newline < 0) return fail('no header line');
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline)));
  } catch {
    return fail('header is not valid JSON');
  }
  const header = StoredPageHeader.safeParse(data);
  if (!header.success) return fail(`header: ${header.error.issues[0]?.message ?? 'invalid'}`);
  const region = bytes.subarray(newline + 1);
  let start = 0;
  for (const { end } of header.data.items) {
    if (end < start || end > region.byteLength) return fail('item offsets out of range');
    start = end;
  }
  return { ...header.data, region };
}

/**
 * The first `limit` items of a stored page when they are exactly what the listing names, in the listed versions;
 * otherwise null. Only a complete answer counts: the page must cover every entry the listing gives, up to `limit`.
 */
export function currentItems(
  page: StoredPage,
  listing: ScopeListing,
  limit: number,
): { items: StoredItem[]; bytes: Uint8Array[] } | null {
  const { candidates, result } = listing;
  const count = Math.min(limit, candidates.length);
  // A short listing that is not the whole scope may hide entries (KV may return fewer keys than asked for).
  if (count < limit && !result.list_complete) return null;
  if (count === 0 || page.items.length < count) return null;
  const bytes: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const item = page.items[i]!;
    const candidate = candidates[i]!;
    if (candidate.meta?.v !== item.v || idFromIndexKey(candidate.key) !== item.id) return null;
    bytes.push(page.region.subarray(i === 0 ? 0 : page.items[i - 1]!.end, item.end));
  }
  return { items: page.items.slice(0, count), bytes };
}

/**
 * Whether a page just read may be stored: every article is the one the listing names at its position, in the version
 * the index names (its record's metadata says which it is). Otherwise (stale entries skipped, records from before
 * versions existed) the stored page would never pass currentItems, and would only be written again on every miss.
 */
export function matchesListing(
  listing: ScopeListing,
  articles: readonly Article[],
  versions: readonly (string | null)[],
): versions is readonly string[] {
  return articles.every((article, i) => {
    const candidate = listing.candidates[i];
    return (
      candidate !== undefined &&
      idFromIndexKey(candidate.key) === article.id &&
      versions[i] != null &&
      candidate.meta?.v === versions[i]
    );
  });
}

/** Short digest of one item's bytes. */
export async function itemDigest(bytes: Uint8Array): Promise<string> {
  return sha256Base64url(bytes);
}

/**
 * A sample article covering what items show (image with size and type, several authors, a relative link, a tag, text
 * that needs escaping). Its rendering is part of every page's context, so a deploy that changes how items are written
 * retires the pages written before it.
 */
const SAMPLE: Article = {
  id: 'sample-1',
  slug: 'sample',
  url: 'https://example.org/analysis/sample',
  title: 'Sample & <title> “quoted”',
  dek: 'A dek with <markup> & ampersands',
  kind: 'analysis',
  regions: ['asia-pacific', 'global'],
  tags: ['china'],
  authors: [
    { slug: 'a', name: 'A. Author', url: 'https://example.org/a' },
    { slug: 'b', name: 'B. Author' },
  ],
  publishedAt: '2025-01-02T03:04:05Z',
  updatedAt: '2025-02-03T04:05:06.789+01:00',
  image: {
    url: 'https://example.org/i.jpg',
    alt: 'Alt',
    credit: 'Credit',
    width: 800,
    height: 600,
    type: 'image/jpeg',
    length: 1234,
  },
  bodyHtml: '<p>Body with <a href="/relative">a link</a>, <img src="x.png" alt=""> and ]]> inside.</p>',
  language: 'fr',
};

const contexts = new WeakMap<Site, WeakMap<KnownSnapshot, Map<FeedFormat, Promise<string>>>>();

/** What every item of a stored page depends on besides its article, as one digest; computed once per snapshot read. */
export function renderContext(site: Site, known: KnownSnapshot, format: FeedFormat): Promise<string> {
  let bySnapshot = contexts.get(site);
  if (bySnapshot === undefined) contexts.set(site, (bySnapshot = new WeakMap()));
  let byFormat = bySnapshot.get(known);
  if (byFormat === undefined) bySnapshot.set(known, (byFormat = new Map()));
  let context = byFormat.get(format);
  if (context === undefined) {
    const meta = feedMeta({
      site,
      scope: ALL,
      snapshot: known.snapshot,
      articles: [SAMPLE],
      selfUrl: site.url,
      ttlMinutes: 1,
    });
    const sample = renderFeed(format, meta, [SAMPLE]);
    context = itemDigest(concatBytes([utf8(`${JSON.stringify(site)}\n${known.text ?? ''}\n`), sample]));
    byFormat.set(format, context);
  }
  return context;
}
