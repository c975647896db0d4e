import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Paths read or framed by pages on other origins: feeds, the OPML list, the widget's scripts, data and frame, and the
 * development stand-ins for media images.
 */
function isCrossOrigin(path: string): boolean {
  return (
    path.startsWith('/feeds/') ||
    path === '/feeds.opml' ||
    CROSS_ORIGIN_PATHS.has(path) ||
    path.startsWith('/dev/media/')
  );
}

/** A round-up email's preview, shown as a mail client would: inline styles, no script, nothing framed. */
const isEmailPreview = (path: string) => /^\/admin\/roundup\/issues\/[^/]+\/preview$/.test(path);
const CROSS_ORIGIN_PATHS = new Set(['/widget.js', '/widget/resize.js', '/widget/latest.json', '/widget/frame']);

/**
 * Hono's secureHeaders with one of three policies, each resolved once. Our own pages load only from this origin (styles
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
  const emailPreview = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ['https:', 'data:'],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  });
  return function securityHeaders(c, next) {
    const path = c.req.path;
    return (isCrossOrigin(path) ? crossOrigin : isEmailPreview(path) ? emailPreview : sameOrigin)(c, next);
  };
}
