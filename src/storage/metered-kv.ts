/** KV operations by how Cloudflare bills them: reads (get, one key or a bulk of up to 100), lists, writes, deletes. */
export interface KvOpCounts {
  get: number;
  list: number;
  put: number;
  delete: number;
}

const KIND: Record<string, keyof KvOpCounts> = {
  get: 'get',
  getWithMetadata: 'get',
  list: 'list',
  put: 'put',
  delete: 'delete',
};

/**
 * A view of a namespace that counts its operations the way the platform does (a bulk read of up to 100 keys is one).
 * It keeps the "at most two KV operations per miss" promise observable in production, benchmarks and tests, and
 * gives the cost model (bench/cost.ts) its measured figures.
 */
export function meteredKv(kv: KVNamespace): { kv: KVNamespace; ops: KvOpCounts } {
  const ops: KvOpCounts = { get: 0, list: 0, put: 0, delete: 0 };
  const metered = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      const kind = KIND[String(prop)];
      if (typeof value !== 'function' || kind === undefined) return value;
      return (...args: unknown[]) => {
        ops[kind]++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv: metered, ops };
}

export const totalOps = (ops: KvOpCounts) => ops.get + ops.list + ops.put + ops.delete;

/** `Server-Timing` entries: `kv;desc="N ops"`, and when there were any, `kv-ops;desc="get=… list=… put=… delete=…"`. */
export function serverTiming(ops: KvOpCounts): string {
  const total = totalOps(ops);
  const detail = `get=${ops.get} list=${ops.list} put=${ops.put} delete=${ops.delete}`;
  return total === 0 ? 'kv;desc="0 ops"' : `kv;desc="${total} ops", kv-ops;desc="${detail}"`;
}
