import { latestChange } from '../schema/article';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { config, type AppEnv } from '../env';
import { feedDirectory } from '../feeds/directory';
import { feedTitle } from '../feeds/feed-meta';
import { DEFAULT_LIMIT } from '../feeds/feed-request';
import { loadScopePage } from '../feeds/feed-response';
import { renderOpml } from '../feeds/opml';
import { canonicalUrl } from '../http/canonical-url';
import { representation, serveRepresentation } from '../http/representation';
import { parseScope } from '../feeds/urls';
import { SITE_CSS, SITE_JS } from './assets';
import { renderDirectoryPage } from './directory-page';
import { renderScopePage } from './scope-page';

const HTML = 'text/html; charset=utf-8';

async function loadDirectory(c: Context<AppEnv>) {
  const { SITE } = config(c.env);
  const [snapshot, counts] = await Promise.all([c.var.content.taxonomy(), c.var.content.scopeCounts()]);
  return {
    site: SITE,
    origin: new URL(c.req.url).origin,
    groups: feedDirectory(SITE, snapshot, counts),
    countsComplete: counts.complete,
  };
}

/** Pages take no parameters: whatever a request carried, its path is the canonical URL and the cache key. */
const pathOnly = (c: Context<AppEnv>) => canonicalUrl(new URL(c.req.url).origin, c.req.path);

const directory = (c: Context<AppEnv>) =>
  serveRepresentation(c, {
    url: pathOnly(c),
    produce: async () => representation(renderDirectoryPage(await loadDirectory(c)), { contentType: HTML }),
  });

const asset = (body: string, contentType: string) =>
  // Static and tiny: an hour fresh, no validator computation worth caching.
  new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'public, max-age=3600' } });

/** Pages for people: the feed directory, each scope's page, and the OPML export for readers. */
export const pageRoutes = new Hono<AppEnv>()
  .get('/', directory)
  .get('/feeds', directory)
  .get('/feeds.opml', cors({ origin: '*', allowMethods: ['GET', 'HEAD'] }), (c) =>
    serveRepresentation(c, {
      url: pathOnly(c),
      produce: async () => {
        const { site, origin, groups } = await loadDirectory(c);
        return representation(renderOpml(site, origin, groups), { contentType: 'text/x-opml; charset=utf-8' });
      },
    }),
  )
  .get('/feeds/:type/:slug', (c) => {
    const scope = parseScope(c.req.param('type'), c.req.param('slug'));
    return serveRepresentation(c, {
      url: pathOnly(c),
      produce: async () => {
        const { SITE } = config(c.env);
        const { articles, taxonomy: snapshot } = await loadScopePage(c.var.content, { scope, limit: DEFAULT_LIMIT });
        const term = scope.type === 'all' ? undefined : snapshot[scope.type][scope.slug];
        const title = feedTitle(SITE, scope, snapshot);
        const description = term?.description ?? `The latest from ${SITE.name}.`;
        return representation(
          renderScopePage({ site: SITE, origin: new URL(c.req.url).origin, scope, title, description, articles }),
          {
            contentType: HTML,
            lastModified: latestChange(articles),
          },
        );
      },
    });
  })
  .get('/assets/site.css', () => asset(SITE_CSS, 'text/css; charset=utf-8'))
  .get('/assets/site.js', () => asset(SITE_JS, 'text/javascript; charset=utf-8'));
