import * as z from 'zod';
import { ALL, scopeId } from '../schema/scope';
import { scopesOfEntry, type HeadChange, type HeadEntry } from './head-index';
import { IndexMeta, indexPrefix } from './keys';

/** Article counts per scope, keyed by scopeId: "all", "region:europe", "tag:china", … As stored under SCOPE_COUNTS_KEY. */
export const ScopeCounts = z.object({
  counts: z.record(z.string(), z.int().nonnegative()),
  /** False when the count stopped at its cap, so counts are lower bounds. */
  complete: z.boolean(),
});
export type ScopeCounts = z.infer<typeof ScopeCounts>;

/** List calls a count may spend: 200 × 1000 entries, far below the 1000 operations an invocation may make. */
const MAX_LIST_CALLS = 200;

/**
 * Counts every scope's articles in one pass over the site-wide index: each entry's metadata names its kind, regions,
 * tags and authors, so no per-scope listing and no article read is needed. Run by writers only (after a change, and
 * when the stored counts are missing), never on a reader's cache miss.
 */
export async function countScopes(kv: KVNamespace): Promise<ScopeCounts> {
  const counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  let cursor: string | undefined;
  for (let calls = 0; calls < MAX_LIST_CALLS; calls++) {
    const page = await kv.list<IndexMeta>({ prefix: indexPrefix(ALL), ...(cursor ? { cursor } : {}) });
    for (const key of page.keys) {
      bump('all');
      const meta = IndexMeta.safeParse(key.metadata);
      if (!meta.success) continue;
      bump(`kind:${meta.data.k}`);
      for (const r of meta.data.r) bump(`region:${r}`);
      for (const t of meta.data.t) bump(`tag:${t}`);
      for (const a of meta.data.a) bump(`author:${a}`);
    }
    if (page.list_complete) return { counts, complete: true };
    cursor = page.cursor;
  }
  return { counts, complete: false };
}

/** The counts after changes: an entry leaves the scopes it was in and joins those it is in now. */
export function applyToCounts(counts: ScopeCounts, changes: readonly HeadChange[]): ScopeCounts {
  const next = { ...counts.counts };
  const add = (entry: HeadEntry | null, delta: number) => {
    for (const scope of entry === null ? [] : scopesOfEntry(entry)) {
      const id = scopeId(scope);
      next[id] = Math.max(0, (next[id] ?? 0) + delta);
    }
  };
  for (const { before, after } of changes) {
    add(before, -1);
    add(after, 1);
  }
  return { counts: next, complete: counts.complete };
}
