/** How long a representation stays fresh, and how long it may be served stale (RFC 9111 §5.2, RFC 5861). */
export interface Freshness {
  maxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
}

export function cacheControl(f: Freshness): string {
  return `public, max-age=${f.maxAge}, stale-while-revalidate=${f.staleWhileRevalidate}, stale-if-error=${f.staleIfError}`;
}

/** When the stored copy was produced (ms since epoch); internal, stripped before a response leaves. */
const STORED_AT = 'x-edge-stored-at';
/** HIT, MISS, STALE (served stale while revalidating) or STALE-IF-ERROR; tells operators and tests where an answer came from. */
export const CACHE_STATUS = 'x-edge-cache';

export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'STALE-IF-ERROR' | 'BYPASS';

export interface CachedFetch {
  cache: Cache | null;
  /** Cache key: the full URL of the representation. */
  key: string;
  freshness: Freshness;
  /** Builds the representation from storage; throws when storage fails. Only 200s are stored. */
  produce: () => Promise<Response>;
  waitUntil: (promise: Promise<unknown>) => void;
  now?: () => number;
}

/**
 * Serves from the Workers Cache API and falls back to `produce`. The Cache API drops an entry once
 * its own max-age passes, so entries are stored for max-age + the longest stale window and their
 * age is judged here: fresh → served with no storage read; within stale-while-revalidate → served
 * while a refresh runs after the response; past that → produced anew, and if producing fails the
 * stale copy is still served within stale-if-error.
 */
export async function serveCached(options: CachedFetch): Promise<Response> {
  const { cache, key, freshness, produce, waitUntil } = options;
  const now = options.now ?? Date.now;
  if (cache === null) return withStatus(await produce(), 'BYPASS');

  const stored = await cache.match(key);
  const storedAt = Number(stored?.headers.get(STORED_AT));
  const age = stored && Number.isFinite(storedAt) ? Math.max(0, (now() - storedAt) / 1000) : Infinity;

  const refresh = async () => {
    const fresh = await produce();
    if (fresh.status === 200) waitUntil(store(cache, key, fresh.clone(), freshness, now()));
    return fresh;
  };

  if (stored && age < freshness.maxAge) return fromStore(stored, freshness, age, 'HIT');
  if (stored && age < freshness.maxAge + freshness.staleWhileRevalidate) {
    waitUntil(refresh().catch((error) => logRefreshFailure(key, error)));
    return fromStore(stored, freshness, age, 'STALE');
  }
  try {
    return withStatus(await refresh(), 'MISS');
  } catch (error) {
    if (stored && age < freshness.maxAge + freshness.staleIfError) {
      logRefreshFailure(key, error);
      return fromStore(stored, freshness, age, 'STALE-IF-ERROR');
    }
    throw error;
  }
}

/** Removes stored copies, e.g. of every feed an edited article appears in. */
export async function purge(cache: Cache, keys: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(keys)].map((key) => cache.delete(key)));
}

async function store(cache: Cache, key: string, response: Response, freshness: Freshness, storedAt: number): Promise<void> {
  const headers = new Headers(response.headers);
  headers.set('cache-control', `public, max-age=${freshness.maxAge + Math.max(freshness.staleWhileRevalidate, freshness.staleIfError)}`);
  headers.set(STORED_AT, String(storedAt));
  headers.delete(CACHE_STATUS);
  await cache.put(key, new Response(response.body, { status: response.status, headers }));
}

function fromStore(stored: Response, freshness: Freshness, age: number, status: CacheStatus): Response {
  const headers = new Headers(stored.headers);
  headers.set('cache-control', cacheControl(freshness));
  headers.set('age', String(Math.floor(age)));
  headers.delete(STORED_AT);
  headers.set(CACHE_STATUS, status);
  return new Response(stored.body, { status: stored.status, headers });
}

function withStatus(response: Response, status: CacheStatus): Response {
  const res = new Response(response.body, response);
  res.headers.set(CACHE_STATUS, status);
  return res;
}

function logRefreshFailure(key: string, error: unknown): void {
  console.error(JSON.stringify({ event: 'cache.refresh_failed', key, error: String(error) }));
}
