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

/** How long an isolate keeps using the snapshot it last read: taxonomy edits are rare, and every miss needs it. */
export const SNAPSHOT_REUSE_MS = 5_000;

interface KnownSnapshot {
  snapshot: TaxonomySnapshot;
  readAt: number;
}

/** The snapshot each KV namespace binding last gave this isolate. */
const known = new WeakMap<object, KnownSnapshot>();

/** The snapshot this isolate read from `binding` within the last SNAPSHOT_REUSE_MS, if any. */
export function recentSnapshot(binding: object, now = Date.now()): TaxonomySnapshot | null {
  const entry = known.get(binding);
  return entry !== undefined && now - entry.readAt < SNAPSHOT_REUSE_MS ? entry.snapshot : null;
}

/** Parses a snapshot just read from `binding` and keeps it for the next requests of this isolate. */
export function rememberSnapshot(binding: object, text: string | null, now = Date.now()): TaxonomySnapshot {
  const snapshot = parseSnapshot(text);
  known.set(binding, { snapshot, readAt: now });
  return snapshot;
}

/** After a taxonomy write: the next request reads the snapshot again. */
export function forgetSnapshot(binding: object): void {
  known.delete(binding);
}
