import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Paths read or framed by pages on other origins: feeds, the OPML list and the widget's scripts, data and frame. */
function isCrossOrigin(path: string): boolean {
  return path.startsWith('/feeds/') || path === '/feeds.opml' || CROSS_ORIGIN_PATHS.has(path);
}
const CROSS_ORIGIN_PATHS = new Set(['/widget.js', '/widget/resize.js', '/widget/latest.json', '/widget/frame']);

/**
 * Hono's secureHeaders with one of two policies, both resolved once. Our own pages load only from this origin (styles
 * and scripts are files under /assets, never inline) and are never framed; images may come from the publication's
 * media host. Feeds and the widget are read and framed by pages on other origins; the frame's own frame-ancestors
 * policy decides who may embed it.
 */
export function securityHeaders(): MiddlewareHandler {
  const sameOrigin = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'https:', 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  const crossOrigin = secureHeaders({ crossOriginResourcePolicy: 'cross-origin', xFrameOptions: false });
  return function securityHeaders(c, next) {
    return (isCrossOrigin(c.req.path) ? crossOrigin : sameOrigin)(c, next);
  };
}
