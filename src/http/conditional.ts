/**
 * Answers a conditional GET or HEAD with 304 Not Modified when the client's copy is current
 * (RFC 9110 §13). Hono's etag middleware covers If-None-Match only; aggregators also send
 * If-Modified-Since, so both are handled here, with If-None-Match taking precedence (§13.2.2).
 */
export function notModified(request: Request, response: Response): Response | null {
  return notModifiedFor(request, response.status, response.headers);
}

/** notModified for an answer known by its status and headers alone, before any body is made for it. */
export function notModifiedFor(request: Request, status: number, headers: Headers): Response | null {
  if (status !== 200 || (request.method !== 'GET' && request.method !== 'HEAD')) return null;
  const etag = headers.get('etag');
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    return etag !== null && etagMatches(ifNoneMatch, etag) ? build304(headers) : null;
  }
  const ifModifiedSince = request.headers.get('if-modified-since');
  const lastModified = headers.get('last-modified');
  if (ifModifiedSince === null || lastModified === null) return null;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  // An unparseable date is ignored, as §13.1.3 requires.
  if (Number.isNaN(since) || Number.isNaN(modified)) return null;
  return modified <= since ? build304(headers) : null;
}

/** Weak comparison (§8.8.3.2): W/"x" matches "x"; `*` matches any current representation. */
function etagMatches(header: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}

/** Headers a 304 keeps (§15.4.5), plus the CORS and Link headers a web-based reader still needs. */
const KEPT =
  /^(?:cache-control|content-location|date|etag|expires|vary|last-modified|link|age|access-control-.*|x-edge-cache)$/;

function build304(headers: Headers): Response {
  const kept = new Headers();
  headers.forEach((value, name) => {
    if (KEPT.test(name)) kept.set(name, value);
  });
  return new Response(null, { status: 304, headers: kept });
}
