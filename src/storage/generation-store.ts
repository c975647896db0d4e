import * as z from 'zod';
import { fromStorage } from '../http/storage-unavailable';
import { parseRecord } from './records';

/**
 * The content generation: one site-wide value that every change of content or taxonomy replaces, and that is part of
 * every cache key of a public answer (docs/feeds.md, "Freshness"). A change therefore makes every answer cached before
 * it unreachable, in every location, without listing a single URL.
 */
export const GENERATION_KEY = 'generation:content';

export const Generation = z.object({
  /** Random and never reused, so any two writes differ even when KV's last writer wins. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  /** When the change was recorded (ms since epoch). */
  at: z.number().int().nonnegative(),
});
export type Generation = z.infer<typeof Generation>;

/** What a namespace that never recorded a change is at. */
export const FIRST_GENERATION: Generation = { id: '0', at: 0 };

/**
 * Seconds a location's KV keeps the generation it read before asking the central store again (`cacheTtl`; Workers KV
 * accepts 30 s at least, 60 s is its default). Part of the freshness bound; a read kept at the edge is also the fast one.
 */
export const GENERATION_CACHE_TTL_S = 30;

/** How long an isolate reuses the generation it read: a cached answer then costs one Map lookup, not a KV read. */
export const GENERATION_REUSE_MS = 5_000;

/**
 * KV propagates a write to other locations in about 60 s, and not in the order the keys were written: a location may
 * see a new generation before the articles the change wrote. An answer made within this time of its generation's
 * change is held only until the time has passed, so such an answer cannot keep the old content for a whole max-age.
 * KV's 60 s plus the generation's own cacheTtl, for margin.
 */
export const GENERATION_SETTLE_MS = 90_000;

/**
 * How long a read of the generation may take. Read with cacheTtl it takes milliseconds; one that hangs must not hold a
 * cached answer much longer than that, so the last generation known (or the last good copy) answers instead.
 */
const GENERATION_READ_DEADLINE_MS = 1_000;

/** KV allows one write per second to a key: a refused write is tried again after this. */
const ADVANCE_RETRY_MS = 1_100;
const ADVANCE_ATTEMPTS = 4;

/** The generation of a namespace, as this isolate knows it, and the one change step that replaces it. */
export interface GenerationStore {
  /**
   * The generation answers are keyed by: this isolate's copy for GENERATION_REUSE_MS, then KV's. When KV fails, the
   * last generation this isolate knew, however old; null when it never knew one.
   */
  current(): Promise<Generation | null>;
  /**
   * Records a change after its content is written: a new generation in this isolate at once (before the first await),
   * then in KV. Never rejects; a write KV refuses every time is logged, and the change then reaches other isolates'
   * caches only as their answers expire.
   */
  advance(): Promise<void>;
}

interface KnownGeneration {
  generation: Generation;
  readAt: number;
  /** This isolate's own generation is still being written: KV may show the one before it until then. */
  unwritten?: boolean;
}

/** Per KV binding (a test's second namespace stands for another location), like the taxonomy snapshot's copy. */
const known = new WeakMap<object, KnownGeneration>();
/**
 * When a request of this isolate started reading the generation again, per binding. No promise of that read is kept
 * for other requests to await: workerd ties I/O to the request that started it, and a request waiting on another's
 * is cancelled as hung or fails with "Cannot perform I/O on behalf of a different request". So while one request
 * reads, the others go on with the generation known, for at most the read's deadline: one read per isolate and
 * expiry however busy the isolate is (a cold read can take hundreds of milliseconds, and every request arriving
 * meanwhile reading too would multiply the reads, and the load on KV, by the request rate). Every advance writes
 * for itself.
 */
const refreshing = new WeakMap<object, number>();

export class KvGenerationStore implements GenerationStore {
  /**
   * @param kv the namespace as this request sees it (its operations counted)
   * @param binding the binding itself, which the isolate's copy is kept for
   */
  constructor(
    private readonly kv: KVNamespace,
    private readonly binding: object = kv,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<Generation | null> {
    const entry = known.get(this.binding);
    const now = this.now();
    if (entry !== undefined && now - entry.readAt < GENERATION_REUSE_MS) return Promise.resolve(entry.generation);
    const started = refreshing.get(this.binding);
    if (entry !== undefined && started !== undefined && now - started < GENERATION_READ_DEADLINE_MS)
      return Promise.resolve(entry.generation);
    // An isolate that knows no generation yet has nothing to go on with: each request reads.
    refreshing.set(this.binding, now);
    return this.#read(entry).finally(() => {
      if (refreshing.get(this.binding) === now) refreshing.delete(this.binding);
    });
  }

  advance(): Promise<void> {
    known.set(this.binding, { generation: newGeneration(this.now()), readAt: this.now(), unwritten: true });
    return this.#writeNewest();
  }

  /**
   * Writes this isolate's newest generation until it no longer changes meanwhile. Advances made together each write,
   * and each one that finds a newer generation when its write lands writes that one too, so the last write to land
   * is always the newest and an older generation never lands after a newer one: copies cached under the older one
   * could otherwise come back into use.
   */
  async #writeNewest(): Promise<void> {
    for (;;) {
      const { generation } = known.get(this.binding)!;
      await this.#write(generation);
      const entry = known.get(this.binding)!;
      if (entry.generation === generation) {
        entry.unwritten = false;
        return;
      }
    }
  }

  async #read(previous: KnownGeneration | undefined): Promise<Generation | null> {
    try {
      const text = await fromStorage(
        'generation',
        () => this.kv.get(GENERATION_KEY, { type: 'text', cacheTtl: GENERATION_CACHE_TTL_S }),
        GENERATION_READ_DEADLINE_MS,
      );
      const generation =
        text === null ? FIRST_GENERATION : (parseRecord(Generation, GENERATION_KEY, text) ?? FIRST_GENERATION);
      const current = known.get(this.binding);
      // An advance of this isolate made while the read was under way, or not yet written, is newer than what KV shows.
      if (current !== undefined && (current !== previous || current.unwritten)) {
        current.readAt = this.now();
        return current.generation;
      }
      known.set(this.binding, { generation, readAt: this.now() });
      return generation;
    } catch (error) {
      console.error(JSON.stringify({ event: 'generation.read_failed', error: String(error) }));
      if (previous === undefined) return null;
      // Ask KV again after the usual interval, not on every request of an outage.
      known.set(this.binding, { generation: previous.generation, readAt: this.now() });
      return previous.generation;
    }
  }

  async #write(generation: Generation): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.kv.put(GENERATION_KEY, JSON.stringify(generation));
        return;
      } catch (error) {
        if (attempt === ADVANCE_ATTEMPTS) {
          console.error(
            JSON.stringify({ event: 'generation.advance_failed', attempts: attempt, error: String(error) }),
          );
          return;
        }
        await new Promise((r) => setTimeout(r, ADVANCE_RETRY_MS));
      }
    }
  }
}

function newGeneration(at: number): Generation {
  return { id: crypto.randomUUID(), at };
}
