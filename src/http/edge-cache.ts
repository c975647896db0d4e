import { HOT_TTL_MS, type HotCache, type HotEntry } from './hot-cache';

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
  /** Copies held in this isolate in front of `cache`, for a few seconds each. */
  hot?: HotCache;
  /** Cache key: the full URL of the representation. */
  key: string;
  freshness: Freshness;
  /** Builds the representation from storage; throws when storage fails. Only 200s are stored. */
  produce: () => Promise<Response>;
  waitUntil: (promise: Promise<unknown>) => void;
  now?: () => number;
  /** An answer made from a stored copy's status and headers alone, such as a 304, so its body is never copied. */
  answerFromHeaders?: (status: number, headers: Headers) => Response | null;
}

/** A stored answer, read whole: the same shape whether it came from the Cache API or from the isolate's copy. */
type StoredCopy = Pick<HotEntry, 'status' | 'headers' | 'body' | 'storedAt'>;

/**
 * Serves from the Workers Cache API and falls back to `produce`. The Cache API drops an entry once
 * its own max-age passes, so entries are stored for max-age + the longest stale window and their
 * age is judged here: fresh → served with no storage read; within stale-while-revalidate → served
 * while a refresh runs after the response; past that → produced anew, and if producing fails the
 * stale copy is still served within stale-if-error. Fresh copies are also held in `hot`, which
 * answers before the Cache API is asked.
 */
export async function serveCached(options: CachedFetch): Promise<Response> {
  const { cache, hot, key, freshness, produce, waitUntil, answerFromHeaders } = options;
  const now = options.now ?? Date.now;
  if (cache === null) return withStatus(await produce(), 'BYPASS');
  const ageOf = (copy: StoredCopy) => Math.max(0, (now() - copy.storedAt) / 1000);
  const hold = (copy: StoredCopy) =>
    hot?.set(key, { ...copy, until: Math.min(now() + HOT_TTL_MS, copy.storedAt + freshness.maxAge * 1000) });

  const fromStore = (stored: StoredCopy, age: number, status: CacheStatus): Response => {
    const headers = new Headers(stored.headers);
    headers.set('cache-control', cacheControl(freshness));
    headers.set('age', String(Math.floor(age)));
    headers.set(CACHE_STATUS, status);
    return answerFromHeaders?.(stored.status, headers) ?? new Response(stored.body, { status: stored.status, headers });
  };

  const held = hot?.get(key, now());
  if (held) return fromStore(held, ageOf(held), 'HIT');

  const stored = await readStored(await cache.match(key));
  const age = stored ? ageOf(stored) : Infinity;

  const refresh = async () => {
    const fresh = await produce();
    if (fresh.status === 200) {
      waitUntil(
        (async () => {
          const copy = await store(cache, key, fresh.clone(), freshness, now());
          hold(copy);
        })(),
      );
    }
    return fresh;
  };

  if (stored && age < freshness.maxAge) {
    hold(stored);
    return fromStore(stored, age, 'HIT');
  }
  if (stored && age < freshness.maxAge + freshness.staleWhileRevalidate) {
    waitUntil(refresh().catch((error) => logRefreshFailure(key, error)));
    return fromStore(stored, age, 'STALE');
  }
  try {
    return withStatus(await refresh(), 'MISS');
  } catch (error) {
    if (stored && age < freshness.maxAge + freshness.staleIfError) {
      logRefreshFailure(key, error);
      return fromStore(stored, age, 'STALE-IF-ERROR');
    }
    throw error;
  }
}

/** Removes stored copies, e.g. of every feed an edited article appears in, from the Cache API and from this isolate. */
export async function purge(cache: Cache, hot: HotCache, keys: Iterable<string>): Promise<void> {
  const unique = [...new Set(keys)];
  for (const key of unique) hot.delete(key);
  await Promise.all(unique.map((key) => cache.delete(key)));
}

async function readStored(stored: Response | undefined): Promise<StoredCopy | null> {
  if (stored === undefined) return null;
  const storedAt = Number(stored.headers.get(STORED_AT));
  const body = new Uint8Array(await stored.arrayBuffer());
  if (!Number.isFinite(storedAt)) return null;
  const headers = [...stored.headers].filter(([name]) => name !== STORED_AT);
  return { status: stored.status, headers, body, storedAt };
}

async function store(
  cache: Cache,
  key: string,
  response: Response,
  freshness: Freshness,
  storedAt: number,
): Promise<StoredCopy> {
  const headers = new Headers(response.headers);
  // What this one answer cost and where it came from; a stored copy costs nothing of the sort.
  headers.delete(CACHE_STATUS);
  headers.delete('server-timing');
  const copy: StoredCopy = {
    status: response.status,
    headers: [...headers],
    body: new Uint8Array(await response.arrayBuffer()),
    storedAt,
  };
  headers.set(
    'cache-control',
    `public, max-age=${freshness.maxAge + Math.max(freshness.staleWhileRevalidate, freshness.staleIfError)}`,
  );
  headers.set(STORED_AT, String(storedAt));
  await cache.put(key, new Response(copy.body, { status: copy.status, headers }));
  return copy;
}

function withStatus(response: Response, status: CacheStatus): Response {
  const res = new Response(response.body, response);
  res.headers.set(CACHE_STATUS, status);
  return res;
}

function logRefreshFailure(key: string, error: unknown): void {
  console.error(JSON.stringify({ event: 'cache.refresh_failed', key, error: String(error) }));
}
