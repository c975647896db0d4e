import { Hono } from 'hono';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { version } from '../package.json';
import { adminArticles } from './admin/articles';
import { adminAuth } from './admin/auth';
import { adminSubscribers } from './admin/subscribers';
import { adminTaxonomy } from './admin/taxonomy';
import { analyticsApi } from './analytics/api';
import { analyticsDashboard, isDashboardPath } from './analytics/dashboard';
import { analytics } from './analytics/recorder';
import { devMedia, devMediaUrls } from './dev/media';
import { devOutbox, devOutboxJson } from './dev/outbox';
import { feedRoutes } from './feeds/routes';
import { newsletterRoutes } from './newsletter/routes';
import { pageRoutes } from './pages/routes';
import { config, type AppEnv } from './env';
import { problem, ProblemError } from './http/problem';
import { stores } from './http/stores';
import { adminRoundup, roundupFeedRoutes, roundupPages } from './roundup/routes';
import { securityHeaders } from './http/security-headers';
import { widgetRoutes } from './widget/routes';

/** Wires routes to their handlers; no handler logic lives here. */
export function createApp() {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  // Sees every final response; counts feeds, widget loads and subscribers after the response (src/analytics/).
  app.use(analytics());
  app.use(devMediaUrls());
  app.use(stores());
  app.use(securityHeaders());

  app.get('/healthz', (c) => {
    const { ENVIRONMENT } = config(c.env);
    return c.json({ status: 'ok', version, environment: ENVIRONMENT }, 200, {
      'cache-control': 'no-store',
    });
  });

  // The analytics dashboard signs editors in with a session cookie of its own (src/analytics/session.ts).
  app.use('/admin/*', except(isDashboardPath, adminAuth()));
  app.route('/admin/articles', adminArticles);
  app.route('/admin/subscribers', adminSubscribers);
  app.route('/admin/roundup', adminRoundup);
  app.route('/admin/analytics', analyticsDashboard);
  app.route('/admin/analytics', analyticsApi);
  app.route('/admin', adminTaxonomy);

  app.route('/feeds', roundupFeedRoutes);
  app.route('/feeds', feedRoutes);
  app.route('/', widgetRoutes);
  app.route('/', pageRoutes);
  app.route('/newsletter/issues', roundupPages);
  app.route('/newsletter', newsletterRoutes);
  app.get('/dev/outbox.json', devOutboxJson);
  app.route('/dev/outbox', devOutbox);
  app.route('/dev/media', devMedia);

  app.notFound((c) => problem(c, 'not-found'));

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problem(c, error.code, error.init);
    if (error instanceof HTTPException) return error.getResponse();
    console.error(
      JSON.stringify({
        event: 'request.failed',
        requestId: c.get('requestId'),
        path: new URL(c.req.url).pathname,
        error: String(error),
        stack: error.stack,
      }),
    );
    return problem(c, 'internal', { extensions: { requestId: c.get('requestId') } });
  });

  return app;
}
