import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { config, type AppEnv } from '../env';
import { canonicalUrl } from '../http/canonical-url';
import type { Freshness } from '../http/edge-cache';
import { representation, serveRepresentation } from '../http/representation';
import { BUILDER_CSS, renderBuilderPage } from './builder-page';
import { BUILDER_JS, RESIZE_JS, WIDGET_JS } from './client/widget.generated';
import { frameCsp, renderFrame } from './frame';
import { loadWidgetData } from './load';
import { canonicalQueryUrl, DataQuery, FrameQuery, parseQuery, viewOptions } from './query';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/**
 * Scripts and styles change only with a deploy: an hour fresh, then served stale for a day while the edge revalidates, so
 * a partner's page never waits on us for them.
 */
const ASSET_FRESHNESS: Freshness = { maxAge: 3600, staleWhileRevalidate: 86_400, staleIfError: 86_400 };

const asset = (body: string, contentType: string) => (c: Context<AppEnv>) =>
  serveRepresentation(c, {
    url: canonicalUrl(new URL(c.req.url).origin, c.req.path),
    produce: () => representation(body, { contentType, freshness: ASSET_FRESHNESS }),
    freshness: ASSET_FRESHNESS,
    content: false,
  });

/** Partner pages on any origin read these; nothing in them depends on who asks, so no credentials. */
const anyOrigin = cors({ origin: '*', allowMethods: ['GET', 'HEAD'] });

/** The embeddable "latest analysis" widget: its script, its data, its iframe variant and the embed builder. */
export const widgetRoutes = new Hono<AppEnv>()
  .get('/widget.js', anyOrigin, asset(WIDGET_JS, JS))
  .get('/widget/resize.js', anyOrigin, asset(RESIZE_JS, JS))
  .get('/widget/latest.json', anyOrigin, (c) => {
    const url = new URL(c.req.url);
    const query = parseQuery(url, DataQuery);
    return serveRepresentation(c, {
      url: canonicalQueryUrl(url, DataQuery, query),
      produce: async () => {
        const { data, lastModified } = await loadWidgetData(c.var.content, config(c.env).SITE, query);
        return representation(JSON.stringify(data), { contentType: 'application/json; charset=utf-8', lastModified });
      },
    });
  })
  .get('/widget/frame', (c) => {
    const url = new URL(c.req.url);
    const query = parseQuery(url, FrameQuery);
    return serveRepresentation(c, {
      url: canonicalQueryUrl(url, FrameQuery, query),
      produce: async () => {
        const { SITE, WIDGET_FRAME_ANCESTORS } = config(c.env);
        const { data, lastModified } = await loadWidgetData(c.var.content, SITE, query);
        return representation(renderFrame(data, viewOptions(query, SITE.language)), {
          contentType: HTML,
          lastModified,
          headers: { 'content-security-policy': await frameCsp(WIDGET_FRAME_ANCESTORS) },
        });
      },
    });
  })
  .get('/widget', (c) => {
    const url = new URL(c.req.url);
    const query = parseQuery(url, FrameQuery);
    const { region, tag, limit, theme, layout } = query;
    return serveRepresentation(c, {
      // The builder preselects these and nothing else.
      url: canonicalQueryUrl(url, FrameQuery, query, ['region', 'tag', 'limit', 'theme', 'layout']),
      produce: async () => {
        const snapshot = await c.var.content.taxonomy();
        const choice = { ...(region ? { region } : {}), ...(tag ? { tag } : {}), limit, theme, layout };
        return representation(renderBuilderPage({ site: config(c.env).SITE, origin: url.origin, snapshot, choice }), {
          contentType: HTML,
        });
      },
    });
  })
  .get('/widget/builder.js', asset(BUILDER_JS, JS))
  .get('/widget/builder.css', asset(BUILDER_CSS, 'text/css; charset=utf-8'));
