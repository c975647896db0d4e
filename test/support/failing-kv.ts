/** A KV binding whose every operation fails, as during a storage outage. */
export function failingKv(): KVNamespace {
  const fail = () => Promise.reject(new Error('KV is unavailable (injected fault)'));
  return { get: fail, getWithMetadata: fail, list: fail, put: fail, delete: fail } as unknown as KVNamespace;
}
