import { latestChange } from '../schema/article';
import { ProblemError } from '../http/problem';
import { PUBLIC_FRESHNESS, representation } from '../http/representation';
import { fromStorage } from '../http/storage-unavailable';
import type { Site } from '../schema/site';
import { readPage } from '../storage/page-reader';
import { parseSnapshot, SNAPSHOT_KEY } from '../storage/taxonomy-snapshot';
import { feedMeta, isKnownScope } from './feed-meta';
import type { FeedRequest } from './feed-request';
import { FORMATS } from './formats';

export interface FeedContext {
  kv: KVNamespace;
  site: Site;
  /** The URL as requested: it becomes `rel="self"`. */
  url: URL;
  hubUrl?: string;
}

/**
 * One page of a scope with the taxonomy snapshot, in two KV operations. A scope neither the
 * taxonomy nor any article knows is a 404.
 */
export async function loadScopePage(kv: KVNamespace, req: Omit<FeedRequest, 'format'>) {
  const { scope, tag, limit, cursor } = req;
  const page = await fromStorage('feed page', () =>
    readPage(kv, { scope, limit, ...(tag ? { filter: { tag } } : {}), ...(cursor ? { cursor } : {}), alsoGet: [SNAPSHOT_KEY] }),
  );
  const snapshot = parseSnapshot(page.also.get(SNAPSHOT_KEY) ?? null);
  const unknown = !isKnownScope(scope, snapshot) || (tag !== undefined && snapshot.tag[tag] === undefined);
  if (unknown && page.articles.length === 0 && cursor === undefined) {
    throw new ProblemError('not-found', { detail: 'No feed has this name: the region, tag, author or kind is unknown.' });
  }
  return { articles: page.articles, next: page.next, snapshot };
}

/** Loads one page of a feed and renders it with its validators. */
export async function produceFeed(ctx: FeedContext, req: FeedRequest): Promise<Response> {
  const { scope, tag, cursor, format } = req;
  const page = await loadScopePage(ctx.kv, req);
  const { snapshot } = page;

  const pageUrl = (next: string | null) => {
    const u = new URL(ctx.url);
    if (next === null) u.searchParams.delete('cursor');
    else u.searchParams.set('cursor', next);
    return u.toString();
  };
  const meta = feedMeta({
    site: ctx.site,
    scope,
    ...(tag ? { tag } : {}),
    snapshot,
    articles: page.articles,
    selfUrl: ctx.url.toString(),
    ...(page.next ? { nextUrl: pageUrl(page.next) } : {}),
    ...(cursor ? { firstUrl: pageUrl(null) } : {}),
    ...(ctx.hubUrl ? { hubUrl: ctx.hubUrl } : {}),
    ttlMinutes: PUBLIC_FRESHNESS.maxAge / 60,
  });
  // The UTF-8 bytes to send, encoded once: the ETag is their hash and the response body is them.
  const body = FORMATS[format].render(meta, page.articles);

  return representation(body, {
    contentType: `${FORMATS[format].mediaType}; charset=utf-8`,
    lastModified: latestChange(page.articles),
    ...(ctx.hubUrl ? { headers: { link: `<${ctx.hubUrl}>; rel="hub", <${ctx.url.toString()}>; rel="self"` } } : {}),
  });
}
