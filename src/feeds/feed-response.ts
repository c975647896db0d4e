import { ProblemError } from '../http/problem';
import { PUBLIC_FRESHNESS, representation } from '../http/representation';
import type { Site } from '../schema/site';
import type { ContentStore, ScopePage } from '../storage/content-store';
import type { TaxonomySnapshot } from '../storage/taxonomy-snapshot';
import type { Article } from '../schema/article';
import { isRendered } from '../storage/rendered-items';
import { writeDocument, type FeedFormat } from './document';
import { prepareFeed } from './item';
import { feedMeta, isKnownScope } from './feed-meta';
import type { FeedRequest } from './feed-request';
import { FORMATS } from './formats';

export interface FeedContext {
  content: ContentStore;
  site: Site;
  /** The canonical URL of the page (canonicalFeedUrl): it becomes `rel="self"`, and paging links are made from it. */
  url: URL;
  hubUrl?: string;
  /** Told the articles rendered here because their stored items were missing or outdated. */
  onOutdated?: (ids: string[]) => void;
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

/** One page of a scope with the taxonomy snapshot, in at most two KV operations; an unknown scope is a 404. */
export async function loadScopePage(content: ContentStore, req: Omit<FeedRequest, 'format'>): Promise<ScopePage> {
  const { scope, tag, limit, cursor } = req;
  const page = await content.page({
    scope,
    limit,
    filter: { tag },
    cursor,
  });
  assertKnownFeed(req, page.taxonomy, page.articles.length);
  return page;
}

/**
 * Loads one page of a feed and writes it with its validators, in at most two KV operations when every item on it was
 * rendered at publish (src/feeds/item-fragments.ts); the articles whose items were not are rendered here.
 */
export async function produceFeed(ctx: FeedContext, req: FeedRequest): Promise<Response> {
  const page = await ctx.content.feedPage(
    { scope: req.scope, limit: req.limit, filter: { tag: req.tag }, cursor: req.cursor },
    req.format,
  );
  const { next, taxonomy } = page;
  assertKnownFeed(req, taxonomy, page.items.length);
  const pageUrl = (cursor: string | null) => {
    const u = new URL(ctx.url);
    if (cursor === null) u.searchParams.delete('cursor');
    else u.searchParams.set('cursor', cursor);
    return u.toString();
  };
  // The articles on the page are those whose stored items were missing or outdated.
  const articles = page.items.filter((item): item is Article => !isRendered(item));
  if (articles.length > 0) ctx.onOutdated?.(articles.map((a) => a.id));
  const meta = feedMeta({
    site: ctx.site,
    scope: req.scope,
    tag: req.tag,
    snapshot: taxonomy,
    articles,
    selfUrl: ctx.url.toString(),
    nextUrl: next ? pageUrl(next) : undefined,
    firstUrl: req.cursor ? pageUrl(null) : undefined,
    hubUrl: ctx.hubUrl,
    ttlMinutes: PUBLIC_FRESHNESS.maxAge / 60,
  });
  const format: FeedFormat = FORMATS[req.format];
  const prepared = prepareFeed(meta, articles).values();
  const items = page.items.map((item) => (isRendered(item) ? item : prepared.next().value!));
  const { body, etag, summary } = await writeDocument(format, meta, items);
  return representation(body, {
    etag,
    contentType: `${format.mediaType}; charset=utf-8`,
    lastModified: items.length === 0 ? undefined : summary.updatedMs,
    ...(ctx.hubUrl ? { headers: { link: `<${ctx.hubUrl}>; rel="hub", <${ctx.url.toString()}>; rel="self"` } } : {}),
  });
}
