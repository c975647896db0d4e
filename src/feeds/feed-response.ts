import { latestChange, type Article } from '../schema/article';
import { sha256Base64url } from '../http/digest';
import { ProblemError } from '../http/problem';
import { PUBLIC_FRESHNESS, representation } from '../http/representation';
import { fromStorage } from '../http/storage-unavailable';
import type { Site } from '../schema/site';
import { cursorAfter, listScope, readListed, readPage, type ScopeListing } from '../storage/page-reader';
import {
  parseSnapshot,
  recentSnapshot,
  rememberSnapshot,
  SNAPSHOT_KEY,
  type KnownSnapshot,
  type TaxonomySnapshot,
} from '../storage/taxonomy-snapshot';
import { pageEntryKey } from '../storage/keys';
import { concatBytes, utf8 } from './byte-writer';
import { renderFeed, type FeedFormat } from './document';
import { feedMeta, isKnownScope } from './feed-meta';
import type { FeedRequest } from './feed-request';
import { FORMATS } from './formats';
import type { FeedItem } from './item';
import {
  currentItems,
  currentPageEntry,
  decodeStoredPage,
  encodeStoredPage,
  itemDigest,
  matchesListing,
  pageFingerprint,
  renderContext,
} from './stored-page';

export interface FeedContext {
  /** The namespace as this request sees it (operations counted). */
  kv: KVNamespace;
  /** The binding itself: the isolate keeps the taxonomy snapshot it last read per binding; pages are written to it after the response. */
  binding: KVNamespace;
  site: Site;
  /** The URL as requested: it becomes `rel="self"`. */
  url: URL;
  hubUrl?: string;
  waitUntil: (promise: Promise<unknown>) => void;
}

/** A scope neither the taxonomy nor any article knows (or a tag the taxonomy does not know) is a 404. */
function assertKnownFeed(
  req: Pick<FeedRequest, 'scope' | 'tag' | 'cursor'>,
  snapshot: TaxonomySnapshot,
  articleCount: number,
): void {
  const unknown = !isKnownScope(req.scope, snapshot) || (req.tag !== undefined && snapshot.tag[req.tag] === undefined);
  if (unknown && articleCount === 0 && req.cursor === undefined) {
    throw new ProblemError('not-found', {
      detail: 'No feed has this name: the region, tag, author or kind is unknown.',
    });
  }
}

/** One page of a scope with the taxonomy snapshot, in two KV operations. */
export async function loadScopePage(kv: KVNamespace, req: Omit<FeedRequest, 'format'>) {
  const { scope, tag, limit, cursor } = req;
  const page = await fromStorage('feed page', () =>
    readPage(kv, {
      scope,
      limit,
      ...(tag ? { filter: { tag } } : {}),
      ...(cursor ? { cursor } : {}),
      alsoGet: [SNAPSHOT_KEY],
    }),
  );
  const snapshot = parseSnapshot(page.also.get(SNAPSHOT_KEY) ?? null);
  assertKnownFeed(req, snapshot, page.articles.length);
  return { articles: page.articles, next: page.next, snapshot };
}

/** A document ready to send, and what its validators are made from. */
interface FeedDocument {
  body: Uint8Array;
  /** The document's opening: the items and the format's closing follow it. */
  open: Uint8Array;
  /** itemDigest of every item, in order. */
  digests: string[];
  /** Epoch ms of the newest change among the items; undefined for an empty page. */
  lastModified: number | undefined;
  /** How it was made, for Server-Timing: from a stored page, or rendered from the articles. */
  source: 'stored' | 'rendered';
}

/**
 * Loads one page of a feed and renders it with its validators, in at most two KV operations. A first page (no cursor,
 * no tag) is served from its stored page when the listing shows one current: no article parsed, no item rendered.
 * Otherwise the articles are read and rendered, and a first page is stored for the next miss. Either way the bytes,
 * and so the ETag, are the same.
 */
export async function produceFeed(ctx: FeedContext, req: FeedRequest): Promise<Response> {
  if (req.tag !== undefined || req.cursor !== undefined) {
    const page = await loadScopePage(ctx.kv, req);
    return respond(ctx, req, await renderDocument(ctx, req, page.snapshot, page.articles, page.next));
  }
  const listing = await fromStorage('feed page', () => listScope(ctx.kv, { scope: req.scope, limit: req.limit }));
  let known = recentSnapshot(ctx.binding);
  const stored = known === null ? null : await fromStoredPage(ctx, req, listing, known);
  if (stored instanceof Response) return stored;

  const page = await fromStorage('feed page', () =>
    readListed(ctx.kv, { scope: req.scope, limit: req.limit, ...(known ? {} : { alsoGet: [SNAPSHOT_KEY] }) }, listing),
  );
  known ??= rememberSnapshot(ctx.binding, page.also.get(SNAPSHOT_KEY) ?? null);
  assertKnownFeed(req, known.snapshot, page.articles.length);
  const rendered = await renderDocument(ctx, req, known.snapshot, page.articles, page.next);
  if (page.articles.length > 0 && matchesListing(listing, page.articles, page.versions)) {
    await keepPage(
      ctx,
      req,
      listing,
      await renderContext(ctx.site, known, FORMATS[req.format]),
      page.versions,
      rendered,
      stored?.unusable,
    );
  }
  return respond(ctx, req, rendered);
}

/**
 * The feed from the stored page the listing shows current, if there is one and it reads as listed. Otherwise the key
 * of a page that was listed as current but could not be used (KV has not propagated it here yet, or it is damaged):
 * the articles decide, and it is written again.
 */
async function fromStoredPage(
  ctx: FeedContext,
  req: FeedRequest,
  listing: ScopeListing,
  known: KnownSnapshot,
): Promise<Response | { unusable?: string }> {
  const format = FORMATS[req.format];
  const context = await renderContext(ctx.site, known, format);
  const entry = await currentPageEntry(listing, req.format, context, req.limit);
  if (entry === null) return {};
  const stored = decodeStoredPage(
    entry.key,
    await fromStorage('feed page', () => ctx.kv.get(entry.key, 'arrayBuffer')),
  );
  const current = stored !== null && stored.context === context ? currentItems(stored, listing, req.limit) : null;
  if (current === null) return { unusable: entry.key };
  const newest = current.items.reduce((a, b) => (b.u > a.u ? b : a));
  const meta = metaFor(ctx, req, known.snapshot, [], cursorAfter(listing, current.items.length));
  const open = utf8(format.open(meta, { count: current.items.length, updated: newest.updated, updatedMs: newest.u }));
  const digests = current.items.map((i) => i.digest);
  return respond(ctx, req, {
    body: assemble(format, open, current.bytes),
    open,
    digests,
    lastModified: newest.u,
    source: 'stored',
  });
}

/** Stores a rendered first page for the next miss, after the response, unless the listing shows it stored already. */
async function keepPage(
  ctx: FeedContext,
  req: FeedRequest,
  listing: ScopeListing,
  context: string,
  versions: readonly string[],
  rendered: { items: Uint8Array[]; views: FeedItem[]; digests: string[] },
  unusable: string | undefined,
): Promise<void> {
  const items = rendered.views.map((view, i) => ({
    id: view.article.id,
    v: versions[i]!,
    updated: view.updated,
    u: view.updatedMs,
    digest: rendered.digests[i]!,
  }));
  const key = pageEntryKey(req.scope, req.format, items.length, await pageFingerprint(context, items));
  if (key !== unusable && listing.pages.some((p) => p.key === key)) return;
  const superseded = listing.pages.filter((p) => p.format === req.format && p.key !== key).map((p) => p.key);
  ctx.waitUntil(storePage(ctx.binding, key, encodeStoredPage(context, items, rendered.items), superseded));
}

function metaFor(
  ctx: FeedContext,
  req: FeedRequest,
  snapshot: TaxonomySnapshot,
  articles: readonly Article[],
  next: string | null,
) {
  const pageUrl = (cursor: string | null) => {
    const u = new URL(ctx.url);
    if (cursor === null) u.searchParams.delete('cursor');
    else u.searchParams.set('cursor', cursor);
    return u.toString();
  };
  return feedMeta({
    site: ctx.site,
    scope: req.scope,
    tag: req.tag,
    snapshot,
    articles,
    selfUrl: ctx.url.toString(),
    nextUrl: next ? pageUrl(next) : undefined,
    firstUrl: req.cursor ? pageUrl(null) : undefined,
    hubUrl: ctx.hubUrl,
    ttlMinutes: PUBLIC_FRESHNESS.maxAge / 60,
  });
}

/** Renders a page of articles, keeping its items' bytes apart for their digests (and for a stored page). */
async function renderDocument(
  ctx: FeedContext,
  req: FeedRequest,
  snapshot: TaxonomySnapshot,
  articles: readonly Article[],
  next: string | null,
) {
  const ranges: [number, number][] = [];
  const views: FeedItem[] = [];
  const format = FORMATS[req.format];
  const body = renderFeed(format, metaFor(ctx, req, snapshot, articles, next), articles, (item, start, end) => {
    views.push(item);
    ranges.push([start, end]);
  });
  const items = ranges.map(([start, end]) => body.subarray(start, end));
  const open = body.subarray(0, ranges[0]?.[0] ?? body.byteLength - format.close.byteLength);
  const digests = await Promise.all(items.map(itemDigest));
  return {
    body,
    open,
    items,
    views,
    digests,
    lastModified: articles.length === 0 ? undefined : latestChange(articles),
    source: 'rendered' as const,
  };
}

/** The document from an opening and stored item bytes: what renderFeed writes for the same page. */
function assemble(format: FeedFormat, open: Uint8Array, items: readonly Uint8Array[]): Uint8Array {
  const separator = utf8(format.separator);
  return concatBytes([open, ...items.flatMap((item, i) => (i === 0 ? [item] : [separator, item])), format.close]);
}

/**
 * A strong validator made from the opening, the items' digests and the closing rather than from every byte: equal
 * bytes give equal ETags on both paths, and a stored page's hit hashes about a kilobyte instead of the whole feed.
 */
async function feedEtag(format: FeedFormat, document: FeedDocument): Promise<string> {
  const input = concatBytes([document.open, utf8(document.digests.join('')), format.close]);
  return `"${await sha256Base64url(input)}"`;
}

async function respond(ctx: FeedContext, req: FeedRequest, document: FeedDocument): Promise<Response> {
  const format = FORMATS[req.format];
  return representation(document.body, {
    contentType: `${format.mediaType}; charset=utf-8`,
    etag: await feedEtag(format, document),
    ...(document.lastModified === undefined ? {} : { lastModified: document.lastModified }),
    headers: {
      'server-timing': `feed;desc="${document.source}"`,
      ...(ctx.hubUrl ? { link: `<${ctx.hubUrl}>; rel="hub", <${ctx.url.toString()}>; rel="self"` } : {}),
    },
  });
}

/** Pages are written by isolates in the background; one write per key at a time here, a failure only logged. */
const storing = new Set<string>();

/** Writes a page, then removes the pages of the same feed it supersedes. */
async function storePage(kv: KVNamespace, key: string, value: Uint8Array, superseded: string[]): Promise<void> {
  if (storing.has(key)) return;
  storing.add(key);
  try {
    await kv.put(key, value);
    await Promise.all(superseded.map((k) => kv.delete(k)));
  } catch (error) {
    console.warn(JSON.stringify({ event: 'feed.page_store_failed', key, error: String(error) }));
  } finally {
    storing.delete(key);
  }
}
