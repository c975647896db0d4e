import { env } from 'cloudflare:workers';
import { request } from './http';

/**
 * A second location: its own Cache API cache, and its own copy of CONTENT that sees changes only when `propagate()`
 * copies them over, as KV shows another location a write up to about 60 s late. Bindings for `request()`.
 */
const replica = (env as Env & { CONTENT_LOCATION_2: KVNamespace }).CONTENT_LOCATION_2;

export const LOCATION_2 = { CONTENT: replica, EDGE_CACHE_NAME: 'location-2' } as const;

/**
 * Makes the second location's KV what the first one's is now: every key with its value and metadata, nothing else.
 * Values are compared in bulk reads of 100 and only differences are written, so it stays quick.
 */
export async function propagate(): Promise<void> {
  const [source, target] = await Promise.all([allKeys(env.CONTENT), allKeys(replica)]);
  const wanted = new Map(source.map((k) => [k.name, k]));
  const work: Promise<unknown>[] = [];
  for (let i = 0; i < source.length; i += 100) {
    const names = source.slice(i, i + 100).map((k) => k.name);
    const [from, to] = await Promise.all([env.CONTENT.get(names, 'text'), replica.get(names, 'text')]);
    for (const name of names) {
      const value = from.get(name);
      const metadata = wanted.get(name)!.metadata;
      if (value === null || value === undefined) continue;
      const same =
        to.get(name) === value &&
        JSON.stringify(target.find((k) => k.name === name)?.metadata) === JSON.stringify(metadata);
      if (!same) work.push(replica.put(name, value, metadata === undefined ? {} : { metadata }));
    }
  }
  for (const { name } of target) if (!wanted.has(name)) work.push(replica.delete(name));
  await Promise.all(work);
}

async function allKeys(kv: KVNamespace) {
  const keys: { name: string; metadata?: unknown }[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list(cursor === undefined ? {} : { cursor });
    keys.push(...page.keys);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return keys;
}

/** What an answer is right now in a location's KV: the same request with the edge cache off. */
export async function truth(path: string, bindings: Record<string, unknown> = {}): Promise<string> {
  const res = await request(path, {}, { ...bindings, EDGE_CACHE: 'off' });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.text();
}
