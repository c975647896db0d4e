import { Hono, type MiddlewareHandler } from 'hono';
import { config, type AppEnv } from '../env';
import { ProblemError } from '../http/problem';
import { KvDevMediaStore } from './media-store';

/**
 * The media host the fixtures name. It does not exist, so in development its images are served by the worker
 * itself from local KV, where `npm start` puts the small stand-ins committed under fixtures/media/ (same paths).
 */
export const FIXTURE_MEDIA_ORIGIN = 'https://media.meridian-review.example';

/** Where the worker serves them in development. */
export const DEV_MEDIA_PATH = '/dev/media/';

/** Image types by file extension; anything else under fixtures/media/ is not served. */
export const DEV_MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

const isDevelopment = (env: Env) => (env as { ENVIRONMENT?: string }).ENVIRONMENT === 'development';

/** Bodies that can name an image: pages, feeds (RSS, Atom, JSON Feed), widget data and scripts. */
const TEXTUAL = /^(?:text\/|application\/(?:json|xml|javascript|[\w.-]+\+(?:json|xml))\b)/i;

/**
 * In development only, points every URL on the fixtures' media host at this worker, so the demo shows real
 * images; production answers keep the publication's media URLs. The body is rewritten on its way out, after any
 * cache, so stored pages and cached responses hold the real URLs and any port works.
 */
export function devMediaUrls(): MiddlewareHandler<AppEnv> {
  return async function devMediaUrls(c, next) {
    await next();
    if (!isDevelopment(c.env) || c.req.method === 'HEAD' || c.res.status === 304 || c.res.body === null) return;
    if (!TEXTUAL.test(c.res.headers.get('content-type') ?? '')) return;
    const text = await c.res.text();
    const local = `${new URL(c.req.url).origin}${DEV_MEDIA_PATH}`;
    c.res = new Response(text.replaceAll(`${FIXTURE_MEDIA_ORIGIN}/`, local), c.res);
    // Hono carries the old headers over; the length is the old body's.
    c.res.headers.delete('content-length');
  };
}

/** `/dev/media/<path>`: the stand-in images, only when ENVIRONMENT is development. */
export const devMedia = new Hono<AppEnv>().get('/*', async (c) => {
  if (!isDevelopment(c.env)) throw new ProblemError('not-found');
  const path = c.req.path.slice(DEV_MEDIA_PATH.length);
  const image = await new KvDevMediaStore(config(c.env).CONTENT).image(path);
  if (image === null) {
    throw new ProblemError('not-found', { detail: `No image under fixtures/media/ has the path ${path}.` });
  }
  return c.body(image.bytes, 200, {
    'content-type': image.type,
    'cache-control': 'public, max-age=300',
    // Partner pages in development load these, as they would the publication's media host.
    'access-control-allow-origin': '*',
  });
});
