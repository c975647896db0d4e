/** Wraps a KV binding and counts operations the way the platform does: a bulk read is one. */
export function countingKv(kv: KVNamespace): { kv: KVNamespace; ops: () => number } {
  let count = 0;
  const wrapped = new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (['get', 'getWithMetadata', 'list', 'put', 'delete'].includes(String(prop))) count++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv: wrapped, ops: () => count };
}
