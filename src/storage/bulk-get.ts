/** Workers KV reads at most 100 keys in one bulk request, which counts as one operation. */
export const BULK_READ_MAX = 100;

/** Reads many keys in as few bulk requests as KV allows. */
export async function bulkGet(kv: KVNamespace, keys: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += BULK_READ_MAX) {
    const chunk = unique.slice(i, i + BULK_READ_MAX);
    const values = await kv.get(chunk, 'text');
    for (const key of chunk) out.set(key, values.get(key) ?? null);
  }
  return out;
}
