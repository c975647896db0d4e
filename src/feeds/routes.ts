import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { config, type AppEnv } from '../env';
import { serveRepresentation } from '../http/representation';
import { parseFeedPath, parseFeedQuery } from './feed-request';
import { produceFeed } from './feed-response';

async function serveFeed(c: Context<AppEnv>, segment: string | undefined, file: string): Promise<Response> {
  const { scope, format } = parseFeedPath(segment, file);
  const url = new URL(c.req.url);
  const query = parseFeedQuery(url, scope);
  const cfg = config(c.env);
  return serveRepresentation(c, () =>
    produceFeed(
      {
        kv: c.var.content,
        binding: cfg.CONTENT,
        site: cfg.SITE,
        url,
        // An empty WEBSUB_HUB means none.
        hubUrl: cfg.WEBSUB_HUB || undefined,
        waitUntil: (p) => c.executionCtx.waitUntil(p),
      },
      { scope, format, ...query },
    ),
  );
}

/** RSS, Atom and JSON Feed for the site and for every region, tag, author and kind. */
export const feedRoutes = new Hono<AppEnv>()
  // Web-based readers fetch feeds from their own origin; feeds are public and carry no credentials.
  .use(cors({ origin: '*', allowMethods: ['GET', 'HEAD'], exposeHeaders: ['ETag', 'Last-Modified', 'Link'] }))
  .get('/:file{[^/]+\\.[a-z]+}', (c) => serveFeed(c, undefined, c.req.param('file')))
  .get('/:type/:file{[^/]+\\.[a-z]+}', (c) => serveFeed(c, c.req.param('type'), c.req.param('file')));
