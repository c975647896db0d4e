import { IndexMeta, indexPrefix, ALL, pageEntryOf } from './keys';

/** Article counts per scope, keyed "all", "region:europe", "tag:china", … */
export interface ScopeCounts {
  counts: Map<string, number>;
  /** False when the scan stopped at its cap, so counts are lower bounds. */
  complete: boolean;
}

/** List calls a count may spend: 200 × 1000 entries, far below the 1000 operations an invocation may make. */
const MAX_LIST_CALLS = 200;

/**
 * Counts every scope's articles in one pass over the site-wide index: each entry's metadata names
 * its kind, regions, tags and authors, so no per-scope listing and no article read is needed.
 */
export async function countScopes(kv: KVNamespace): Promise<ScopeCounts> {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let cursor: string | undefined;
  for (let calls = 0; calls < MAX_LIST_CALLS; calls++) {
    const page = await kv.list<IndexMeta>({ prefix: indexPrefix(ALL), ...(cursor ? { cursor } : {}) });
    for (const key of page.keys) {
      if (pageEntryOf(key.name, indexPrefix(ALL)) !== null) continue;
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
