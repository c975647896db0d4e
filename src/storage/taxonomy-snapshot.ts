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
