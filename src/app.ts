import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import pkg from '../package.json';
import { adminArticles } from './admin/articles';
import { adminAuth } from './admin/auth';
import { adminSubscribers } from './admin/subscribers';
import { adminTaxonomy } from './admin/taxonomy';
import { devOutbox } from './dev/outbox';
import { feedRoutes } from './feeds/routes';
import { newsletterRoutes } from './newsletter/routes';
import { pageRoutes } from './pages/routes';
import { config, type AppEnv } from './env';
import { kvMetering } from './http/kv-metering';
import { problem, ProblemError } from './http/problem';
import { securityHeaders } from './http/security-headers';
import { widgetRoutes } from './widget/routes';

/** Wires routes to their handlers; no handler logic lives here. */
export function createApp() {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(kvMetering());
  app.use(securityHeaders());

  app.get('/healthz', (c) => {
    const { ENVIRONMENT } = config(c.env);
    return c.json({ status: 'ok', version: pkg.version, environment: ENVIRONMENT }, 200, {
      'cache-control': 'no-store',
    });
  });

  app.use('/admin/*', adminAuth());
  app.route('/admin/articles', adminArticles);
  app.route('/admin/subscribers', adminSubscribers);
  app.route('/admin', adminTaxonomy);

  app.route('/feeds', feedRoutes);
  app.route('/', widgetRoutes);
  app.route('/', pageRoutes);
  app.route('/newsletter', newsletterRoutes);
  app.route('/dev/outbox', devOutbox);

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
