/**
 * Wraps a KV binding and injects one kind of fault:
 *   throw       every operation rejects, as in an outage
 *   hang        every operation never answers
 *   corrupt     reads of `article:*` return truncated JSON, and of `item:*` (rendered feed items) a truncated value
 *   old-schema  reads of `article:*` return the record as an older version of the CMS wrote it, and of `item:*` the
 *               items as an older renderer (RENDER_VERSION 0) wrote them
 *   missing     reads of affected keys find nothing, as before they were written
 * Other reads and all listings pass through, so the rest of the data stays intact.
 */
export type Fault = 'throw' | 'hang' | 'corrupt' | 'old-schema' | 'missing';

/** An article as the CMS sent it before `dek` and `language` existed and when `kind` was `type`. */
function olderShape(text: string): string {
  const { dek: _dek, language: _language, kind, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify({ ...rest, type: kind, summary: 'An older record.' });
}

export function faultyKv(
  kv: KVNamespace,
  fault: Fault,
  affects: (key: string) => boolean = (k) => k.startsWith('article:'),
): KVNamespace {
  const transform = (key: string, value: string | null) => {
    if (value === null || !affects(key)) return value;
    if (fault === 'missing') return null;
    if (fault === 'corrupt') return value.slice(0, Math.floor(value.length / 2));
    return key.startsWith('item:') ? value.replace(/^\[\d+,/, '[0,') : olderShape(value);
  };
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const call = (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      if (fault === 'throw') return () => Promise.reject(new Error('KV is unavailable (injected fault)'));
      if (fault === 'hang') return () => new Promise(() => {});
      // get and getWithMetadata alike: one key or many, text values of affected keys changed, the rest passed through.
      type Read = { value: string | null; metadata: unknown } | string | null;
      const change = (k: string, read: Read): Read => {
        if (read === null || typeof read === 'string') return transform(k, read);
        return { ...read, value: transform(k, read.value) };
      };
      if (prop === 'get' || prop === 'getWithMetadata') {
        return async (key: string | string[], type?: unknown) => {
          if (!Array.isArray(key))
            return affects(key) ? change(key, (await call(key, 'text')) as Read) : call(key, type);
          const values = (await call(key, 'text')) as Map<string, Read>;
          return new Map([...values].map(([k, v]) => [k, change(k, v)]));
        };
      }
      return call;
    },
  });
}
