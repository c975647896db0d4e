import type { Context } from 'hono';
import { config, type AppEnv } from '../env';
import { notModified, notModifiedFor } from './conditional';
import { sha256Base64url } from './digest';
import { cacheControl, serveCached, type Freshness } from './edge-cache';
import { isolateHotCache } from './hot-cache';

/**
 * Freshness of everything public (feeds, directory, OPML, scope pages): five minutes fresh, the
 * RSS `ttl` and `sy:updateFrequency` are derived from the same number, so documents and headers
 * agree. Publishing purges, so readers do not wait for this to run out; stale-if-error keeps
 * feeds up through a storage outage of up to a day.
 */
export const PUBLIC_FRESHNESS: Freshness = { maxAge: 300, staleWhileRevalidate: 600, staleIfError: 86_400 };

/**
 * Strong validator from the exact bytes: equal content, equal ETag, across isolates and deploys. A string is hashed as
 * its UTF-8 encoding, so a body given as text and the same body given as bytes get the same ETag; bytes are hashed as
 * they are, without another encoding pass.
 */
export async function contentEtag(body: string | Uint8Array): Promise<string> {
  return `"${await sha256Base64url(body)}"`;
}

export interface RepresentationInit {
  contentType: string;
  freshness?: Freshness;
  /** Epoch ms of the newest content in it; becomes Last-Modified. */
  lastModified?: number;
  /** A strong ETag the caller derived from the same bytes more cheaply; by default, the bytes' own digest. */
  etag?: string;
  headers?: Record<string, string>;
}

/**
 * A cacheable 200 with its validators (ETag from the bytes, Last-Modified from the content). The body is text (sent
 * as UTF-8) or the bytes themselves, as the feed renderers produce them.
 */
export async function representation(body: string | Uint8Array, init: RepresentationInit): Promise<Response> {
  const headers = new Headers({
    'content-type': init.contentType,
    'cache-control': cacheControl(init.freshness ?? PUBLIC_FRESHNESS),
    etag: init.etag ?? (await contentEtag(body)),
    vary: 'Accept-Encoding',
    ...init.headers,
  });
  if (init.lastModified !== undefined && Number.isFinite(init.lastModified))
    headers.set('last-modified', new Date(init.lastModified).toUTCString());
  return new Response(body, { headers });
}

/**
 * Serves a public GET through the edge cache (keyed by the full URL) and answers conditional
 * requests with 304. `produce` runs only on a miss or a due revalidation.
 */
export async function serveRepresentation(
  c: Context<AppEnv>,
  produce: () => Promise<Response>,
  freshness = PUBLIC_FRESHNESS,
): Promise<Response> {
  const response = await serveCached({
    cache: config(c.env).EDGE_CACHE === 'on' ? caches.default : null,
    hot: isolateHotCache,
    key: c.req.url,
    freshness,
    produce,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
    answerFromHeaders: (status, headers) => notModifiedFor(c.req.raw, status, headers),
  });
  const unchanged = notModified(c.req.raw, response);
  if (unchanged === null) return response;
  // The client has these bytes: release the stored body instead of leaving it unread.
  await response.body?.cancel();
  return unchanged;
}
