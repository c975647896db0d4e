/** An answer as the edge cache stored it, held in this isolate's memory. */
export interface HotEntry {
  status: number;
  headers: [string, string][];
  /**
   * A Blob, not bytes: workerd copies a Uint8Array into every Response made from it (about 65 µs for a 145 KB feed,
   * a quarter of a cached answer's isolate CPU), while a Response made from a Blob shares the Blob's immutable data
   * (about 7 µs). Profiled and measured in bench/README.md ("Cached answers from a Blob").
   */
  body: Blob;
  /** When the edge cache stored it (ms since epoch): the answer's age counts from here, not from when it was copied. */
  storedAt: number;
  /** Until when it may be served at all, when it was made while its content generation was settling (ms since epoch). */
  settlesAt?: number | undefined;
  /** Until when this isolate may serve it without asking the Cache API again (ms since epoch). */
  until: number;
}

/** How long an isolate serves a copy before it reads the Cache API again. */
export const HOT_TTL_MS = 5_000;
/** Copies larger than this go to the Cache API only. */
const ENTRY_MAX_BYTES = 1 << 20;
/** Well inside the 128 MB an isolate has. */
const TOTAL_MAX_BYTES = 16 << 20;

/**
 * The newest answers read from or written to the Cache API, kept for a few seconds in this isolate. A hot feed polled
 * by many clients then costs no Cache API read per request, and a 304 costs no body read at all. Copies are keyed like
 * the Cache API's entries, by the content generation among others, so a change makes them unreachable just the same.
 */
export class HotCache {
  /** Map order is recency order: the first entry is the least recently used. */
  readonly #entries = new Map<string, HotEntry>();
  #bytes = 0;

  constructor(
    private readonly maxBytes = TOTAL_MAX_BYTES,
    private readonly entryMaxBytes = ENTRY_MAX_BYTES,
  ) {}

  get(key: string, now: number): HotEntry | null {
    const entry = this.#entries.get(key);
    if (entry === undefined) return null;
    this.delete(key);
    if (now >= entry.until) return null;
    this.#insert(key, entry);
    return entry;
  }

  set(key: string, entry: HotEntry): void {
    this.delete(key);
    if (entry.body.size > this.entryMaxBytes) return;
    this.#insert(key, entry);
    for (const [oldest, { body }] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= body.size;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.body.size;
  }

  get size(): number {
    return this.#entries.size;
  }

  #insert(key: string, entry: HotEntry): void {
    this.#entries.set(key, entry);
    this.#bytes += entry.body.size;
  }
}

const isolateHotCaches = new Map<string, HotCache>();

/** The isolate's own copies in front of one Cache API cache (named, or '' for the default one): shared by every request. */
export function isolateHotCache(cacheName: string): HotCache {
  let hot = isolateHotCaches.get(cacheName);
  if (hot === undefined) isolateHotCaches.set(cacheName, (hot = new HotCache()));
  return hot;
}
