import * as z from 'zod';
import type { ScopeType, Term } from '../schema/taxonomy';
import { parseRecord } from './records';

/**
 * Every taxonomy record in one KV value, so a feed reads its title, description and category
 * labels in the same bulk read as its articles. It is derived data: rebuilt from the `term:*`
 * records after every taxonomy write and by the scheduled job, never edited in place, so a lost
 * race between two rebuilds is repaired by the next one.
 */
export const SNAPSHOT_KEY = 'snapshot:taxonomy';

const TermInfo = z.object({ name: z.string(), description: z.string().optional(), url: z.string().optional() });
export type TermInfo = z.infer<typeof TermInfo>;

export const TaxonomySnapshot = z.object({
  region: z.record(z.string(), TermInfo),
  kind: z.record(z.string(), TermInfo),
  tag: z.record(z.string(), TermInfo),
  author: z.record(z.string(), TermInfo),
});
export type TaxonomySnapshot = z.infer<typeof TaxonomySnapshot>;

export const emptySnapshot = (): TaxonomySnapshot => ({ region: {}, kind: {}, tag: {}, author: {} });

export function buildSnapshot(terms: Record<ScopeType, Term[]>): TaxonomySnapshot {
  const snapshot = emptySnapshot();
  for (const type of Object.keys(snapshot) as ScopeType[]) {
    for (const { slug, ...info } of terms[type]) snapshot[type][slug] = info;
  }
  return snapshot;
}

export function parseSnapshot(text: string | null): TaxonomySnapshot {
  return parseRecord(TaxonomySnapshot, SNAPSHOT_KEY, text) ?? emptySnapshot();
}

/** How long an isolate keeps using the snapshot it last read: taxonomy edits are rare, and feeds read it on every miss. */
export const SNAPSHOT_REUSE_MS = 5_000;

export interface KnownSnapshot {
  /** The stored text (null when there is none): what stored feed pages are checked against. */
  text: string | null;
  snapshot: TaxonomySnapshot;
  readAt: number;
}

/** The snapshot each KV namespace binding last gave this isolate. */
const known = new WeakMap<object, KnownSnapshot>();

/** The snapshot this isolate read from `kv` within the last SNAPSHOT_REUSE_MS, if any. */
export function recentSnapshot(kv: object, now = Date.now()): KnownSnapshot | null {
  const entry = known.get(kv);
  return entry !== undefined && now - entry.readAt < SNAPSHOT_REUSE_MS ? entry : null;
}

/** Parses a snapshot just read from `kv` and keeps it for the next requests of this isolate. */
export function rememberSnapshot(kv: object, text: string | null, now = Date.now()): KnownSnapshot {
  const previous = known.get(kv);
  // The same text parses to the same snapshot: keep the object, and with it whatever was derived from it.
  if (previous !== undefined && previous.text === text) {
    previous.readAt = now;
    return previous;
  }
  const entry = { text, snapshot: parseSnapshot(text), readAt: now };
  known.set(kv, entry);
  return entry;
}

/** After a taxonomy write: the next request reads the snapshot again. */
export function forgetSnapshot(kv: object): void {
  known.delete(kv);
}
