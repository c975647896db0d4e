import type { Context } from 'hono';
import { config, type AppEnv } from '../env';
import { notModified, notModifiedFor } from './conditional';
import { sha256Base64url } from './digest';
import { GENERATION_SETTLE_MS, type GenerationStore } from '../storage/generation-store';
import { cacheControl, serveCached, type Freshness, type KeyGeneration } from './edge-cache';
import { isolateHotCache } from './hot-cache';

/**
 * Freshness of everything public (feeds, directory, OPML, scope pages): five minutes fresh, the
 * RSS `ttl` and `sy:updateFrequency` are derived from the same number, so documents and headers
 * agree. A change reaches readers sooner, through the content generation (docs/feeds.md, "Freshness"); stale-if-error
 * keeps feeds up through a storage outage of up to a day.
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

export interface Served {
  /**
   * The canonical URL of the representation: only the parameters that change the answer, in a fixed order and form
   * (src/http/canonical-url.ts). It is the cache key, so every spelling of one request shares one entry.
   */
  url: string;
  /** Runs only on a miss or a due revalidation. */
  produce: () => Promise<Response>;
  freshness?: Freshness;
  /** False for bytes that change only with a deploy (scripts, styles): they are not keyed by the content generation. */
  content?: boolean;
}

/**
 * Serves a public GET through the edge cache, keyed by its canonical URL and, when it depends on content, by the
 * content generation; answers conditional requests with 304.
 */
export async function serveRepresentation(c: Context<AppEnv>, served: Served): Promise<Response> {
  const { EDGE_CACHE, EDGE_CACHE_NAME } = config(c.env);
  const freshness = served.freshness ?? PUBLIC_FRESHNESS;
  const on = EDGE_CACHE === 'on';
  const response = await serveCached({
    cache: on ? (EDGE_CACHE_NAME === '' ? caches.default : await caches.open(EDGE_CACHE_NAME)) : null,
    hot: isolateHotCache(EDGE_CACHE_NAME),
    url: served.url,
    ...(on && served.content !== false ? { generation: await keyGeneration(c.var.generations) } : {}),
    freshness,
    produce: served.produce,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
    answerFromHeaders: (status, headers) => notModifiedFor(c.req.raw, status, headers),
  });
  const unchanged = notModified(c.req.raw, response);
  if (unchanged === null) return response;
  // The client has these bytes: release the stored body instead of leaving it unread.
  await response.body?.cancel();
  return unchanged;
}

/** The content generation as this isolate knows it, with the time its change has settled in every location. */
async function keyGeneration(generations: GenerationStore): Promise<KeyGeneration | null> {
  const generation = await generations.current();
  return generation === null ? null : { id: generation.id, settlesAt: generation.at + GENERATION_SETTLE_MS };
}
