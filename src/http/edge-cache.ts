import { HOT_TTL_MS, type HotCache, type HotEntry } from './hot-cache';
import { ProblemError } from './problem';

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
/** Until when a copy made while its generation was settling may be served (ms since epoch); internal as well. */
const SETTLES_AT = 'x-edge-settles-at';
/** HIT, MISS, STALE (served stale while revalidating) or STALE-IF-ERROR; tells operators and tests where an answer came from. */
export const CACHE_STATUS = 'x-edge-cache';

export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'STALE-IF-ERROR' | 'BYPASS';

/** The content generation an answer is keyed by (src/storage/generation-store.ts). */
export interface KeyGeneration {
  id: string;
  /** Until when KV may still be propagating the change that made it (ms since epoch). */
  settlesAt: number;
}

export interface CachedFetch {
  cache: Cache | null;
  /** Copies held in this isolate in front of `cache`, for a few seconds each. */
  hot?: HotCache;
  /** The canonical URL of the representation: only the parameters that change the answer, in a fixed order. */
  url: string;
  /**
   * The content generation the answer is keyed by; null when it depends on content but the generation is unknown (KV
   * fails in an isolate that never read it), so only the last good copy can stand in; undefined when it does not
   * depend on content (scripts, styles).
   */
  generation?: KeyGeneration | null;
  freshness: Freshness;
  /** Builds the representation from storage; throws when storage fails. Only 200s are stored. */
  produce: () => Promise<Response>;
  waitUntil: (promise: Promise<unknown>) => void;
  now?: () => number;
  /** An answer made from a stored copy's status and headers alone, such as a 304, so its body is never copied. */
  answerFromHeaders?: (status: number, headers: Headers) => Response | null;
}

/** A stored answer, read whole: the same shape whether it came from the Cache API or from the isolate's copy. */
type StoredCopy = Pick<HotEntry, 'status' | 'headers' | 'body' | 'storedAt' | 'settlesAt'>;

/** The cache key of an answer in one generation: its canonical URL and the generation, which no request can name. */
export function generationKey(url: string, generation: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}edge-generation=${generation}`;
}

/**
 * Serves from the Workers Cache API and falls back to `produce`. The Cache API drops an entry once
 * its own max-age passes, so entries are stored for max-age + the longest stale window and their
 * age is judged here: fresh → served with no storage read; within stale-while-revalidate → served
 * while a refresh runs after the response; past that → produced anew, and if producing fails the
 * stale copy is still served within stale-if-error. Fresh copies are also held in `hot`, which
 * answers before the Cache API is asked.
 *
 * Answers that depend on content are keyed by the content generation too, so a change makes every copy made before
 * it unreachable. Each is also kept as the last good copy under its canonical URL alone: the one stale-if-error serves
 * when storage fails just after a change (the new generation has no copy yet) or the generation cannot be read.
 */
export async function serveCached(options: CachedFetch): Promise<Response> {
  const { cache, hot, url, generation, freshness, produce, waitUntil, answerFromHeaders } = options;
  const now = options.now ?? Date.now;
  if (cache === null) return withStatus(await produce(), 'BYPASS');
  const key = generation === undefined ? url : generation === null ? null : generationKey(url, generation.id);
  const ageOf = (copy: StoredCopy) => Math.max(0, (now() - copy.storedAt) / 1000);
  // A copy made before its generation settled may hold content this location's KV had not shown yet: never past that.
  const unsettled = (copy: StoredCopy) => copy.settlesAt !== undefined && now() >= copy.settlesAt;
  const hold = (copy: StoredCopy) => {
    if (key === null) return;
    const until = Math.min(now() + HOT_TTL_MS, copy.storedAt + freshness.maxAge * 1000, copy.settlesAt ?? Infinity);
    hot?.set(key, { ...copy, until });
  };

  const fromStore = (stored: StoredCopy, age: number, status: CacheStatus): Response => {
    const headers = new Headers(stored.headers);
    headers.set('cache-control', cacheControl(freshness));
    headers.set('age', String(Math.floor(age)));
    headers.set(CACHE_STATUS, status);
    return answerFromHeaders?.(stored.status, headers) ?? new Response(stored.body, { status: stored.status, headers });
  };

  const held = key === null ? null : (hot?.get(key, now()) ?? null);
  if (held) return fromStore(held, ageOf(held), 'HIT');

  const stored = key === null ? null : await readStored(await cache.match(key));
  const age = stored ? ageOf(stored) : Infinity;

  const refresh = async () => {
    const fresh = await produce();
    if (fresh.status === 200) {
      const storedAt = now();
      const settlesAt = generation && storedAt < generation.settlesAt ? generation.settlesAt : undefined;
      waitUntil(
        (async () => {
          const copy = await copyOf(fresh.clone(), storedAt, settlesAt);
          const writes: Promise<void>[] = [];
          if (key !== null) writes.push(store(cache, key, copy, freshness));
          if (key !== url) writes.push(store(cache, url, { ...copy, settlesAt: undefined }, freshness));
          await Promise.all(writes);
          hold(copy);
        })(),
      );
    }
    return fresh;
  };

  if (stored && age < freshness.maxAge && !unsettled(stored)) {
    hold(stored);
    return fromStore(stored, age, 'HIT');
  }
  if (stored && age < freshness.maxAge + freshness.staleWhileRevalidate && !unsettled(stored)) {
    waitUntil(refresh().catch((error) => logRefreshFailure(url, error)));
    return fromStore(stored, age, 'STALE');
  }
  try {
    return withStatus(await refresh(), 'MISS');
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    const lastGood = stored ?? (key === url ? null : await readStored(await cache.match(url)));
    const lastAge = lastGood ? ageOf(lastGood) : Infinity;
    if (lastGood && lastAge < freshness.maxAge + freshness.staleIfError) {
      logRefreshFailure(url, error);
      return fromStore(lastGood, lastAge, 'STALE-IF-ERROR');
    }
    throw error;
  }
}

/**
 * Only a failure of storage is answered from a stale copy. An answer that is now a 404 (a taxonomy term and its last
 * article deleted) or any other problem about the request must not bring back what was taken down.
 */
function isStorageFailure(error: unknown): boolean {
  return !(error instanceof ProblemError) || error.code === 'unavailable';
}

async function readStored(stored: Response | undefined): Promise<StoredCopy | null> {
  if (stored === undefined) return null;
  const storedAt = Number(stored.headers.get(STORED_AT));
  const settles = stored.headers.get(SETTLES_AT);
  const body = await stored.blob();
  if (!Number.isFinite(storedAt)) return null;
  const headers = [...stored.headers].filter(([name]) => name !== STORED_AT && name !== SETTLES_AT);
  return { status: stored.status, headers, body, storedAt, settlesAt: settles === null ? undefined : Number(settles) };
}

/** A produced answer as it is kept: without what this one answer cost and where it came from. */
async function copyOf(response: Response, storedAt: number, settlesAt: number | undefined): Promise<StoredCopy> {
  const headers = new Headers(response.headers);
  headers.delete(CACHE_STATUS);
  headers.delete('server-timing');
  return {
    status: response.status,
    headers: [...headers],
    body: await response.blob(),
    storedAt,
    settlesAt,
  };
}

async function store(cache: Cache, key: string, copy: StoredCopy, freshness: Freshness): Promise<void> {
  const headers = new Headers(copy.headers);
  headers.set(
    'cache-control',
    `public, max-age=${freshness.maxAge + Math.max(freshness.staleWhileRevalidate, freshness.staleIfError)}`,
  );
  headers.set(STORED_AT, String(copy.storedAt));
  if (copy.settlesAt !== undefined) headers.set(SETTLES_AT, String(copy.settlesAt));
  await cache.put(key, new Response(copy.body, { status: copy.status, headers }));
}

function withStatus(response: Response, status: CacheStatus): Response {
  const res = new Response(response.body, response);
  res.headers.set(CACHE_STATUS, status);
  return res;
}

function logRefreshFailure(key: string, error: unknown): void {
  console.error(JSON.stringify({ event: 'cache.refresh_failed', key, error: String(error) }));
}
