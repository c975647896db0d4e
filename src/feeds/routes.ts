import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { config, type AppEnv } from '../env';
import { serveRepresentation } from '../http/representation';
import { canonicalFeedUrl, parseFeedPath, parseFeedQuery } from './feed-request';
import { produceFeed } from './feed-response';
import { reportOutdated } from './outdated-items';

async function serveFeed(c: Context<AppEnv>, segment: string | undefined, file: string): Promise<Response> {
  const { scope, format } = parseFeedPath(segment, file);
  const requested = new URL(c.req.url);
  const req = { scope, format, ...parseFeedQuery(requested, scope) };
  const url = canonicalFeedUrl(requested.origin, req);
  const cfg = config(c.env);
  return serveRepresentation(c, {
    url,
    produce: () =>
      produceFeed(
        // An empty WEBSUB_HUB means none.
        {
          content: c.var.content,
          site: cfg.SITE,
          url: new URL(url),
          hubUrl: cfg.WEBSUB_HUB || undefined,
          onOutdated: (ids) => c.executionCtx.waitUntil(reportOutdated(cfg.CONTENT_QUEUE, ids)),
        },
        req,
      ),
  });
}

/** RSS, Atom and JSON Feed for the site and for every region, tag, author and kind. */
export const feedRoutes = new Hono<AppEnv>()
  // Web-based readers fetch feeds from their own origin; feeds are public and carry no credentials.
  .use(cors({ origin: '*', allowMethods: ['GET', 'HEAD'], exposeHeaders: ['ETag', 'Last-Modified', 'Link'] }))
  .get('/:file{[^/]+\\.[a-z]+}', (c) => serveFeed(c, undefined, c.req.param('file')))
  .get('/:type/:file{[^/]+\\.[a-z]+}', (c) => serveFeed(c, c.req.param('type'), c.req.param('file')));
