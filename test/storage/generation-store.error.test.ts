import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FIRST_GENERATION,
  GENERATION_KEY,
  GENERATION_REUSE_MS,
  Generation,
  KvGenerationStore,
} from '../../src/storage/generation-store';
import { faultyKv } from '../support/fault-kv';

let clock = Date.UTC(2026, 11, 1);
const now = () => clock;
let logged: string[] = [];

beforeEach(async () => {
  await env.CONTENT.delete(GENERATION_KEY);
  logged = [];
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

const events = () => logged.map((l) => (JSON.parse(l) as { event: string }).event);

/** The namespace with its writes refused `times` times, as KV refuses a second write to a key within a second. */
function refusingWrites(times: number): KVNamespace {
  let refused = 0;
  return new Proxy(env.CONTENT, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'put' && refused < times)
        return () => (refused++, Promise.reject(new Error('429 Too Many Requests (injected)')));
      return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}

describe('the content generation while KV misbehaves', () => {
  it.each(['throw', 'hang'] as const)(
    'keeps the generation this isolate knew when a read %ss, and asks again only after the reuse time',
    async (fault) => {
      const binding = {};
      await new KvGenerationStore(env.CONTENT, binding, now).advance();
      const known = await new KvGenerationStore(env.CONTENT, binding, now).current();
      clock += GENERATION_REUSE_MS;
      const failing = new KvGenerationStore(
        faultyKv(env.CONTENT, fault, () => true),
        binding,
        now,
      );
      expect(await failing.current()).toEqual(known);
      expect(events()).toContain('generation.read_failed');
      logged = [];
      expect(await failing.current()).toEqual(known);
      expect(logged).toEqual([]);
    },
  );

  it('is null when the read fails in an isolate that never knew one, so only the last good copy can answer', async () => {
    const store = new KvGenerationStore(
      faultyKv(env.CONTENT, 'throw', () => true),
      {},
      now,
    );
    expect(await store.current()).toBeNull();
  });

  it('reads a stored value that is not a generation as the first one, logged, until the next change replaces it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await env.CONTENT.put(GENERATION_KEY, '{"id":"<script>","at":-1}');
    expect(await new KvGenerationStore(env.CONTENT, {}, now).current()).toEqual(FIRST_GENERATION);
    expect(warn.mock.calls.map((c) => JSON.parse(String(c[0])) as { key: string })).toEqual([
      expect.objectContaining({ event: 'kv.record_invalid', key: GENERATION_KEY }),
    ]);
    await new KvGenerationStore(env.CONTENT, {}, now).advance();
    expect(Generation.safeParse(JSON.parse((await env.CONTENT.get(GENERATION_KEY))!)).success).toBe(true);
  });

  it('writes again when KV refuses a write, with the same generation this isolate uses', async () => {
    const store = new KvGenerationStore(refusingWrites(1), {}, now);
    await store.advance();
    expect(JSON.parse((await env.CONTENT.get(GENERATION_KEY))!)).toEqual(await store.current());
    expect(events()).toEqual([]);
  });

  it('never rejects when KV refuses every write: it logs, and this isolate still uses the new generation', async () => {
    const store = new KvGenerationStore(refusingWrites(Infinity), {}, now);
    await expect(store.advance()).resolves.toBeUndefined();
    expect(events()).toEqual(['generation.advance_failed']);
    expect(await env.CONTENT.get(GENERATION_KEY)).toBeNull();
    expect(await store.current()).not.toEqual(FIRST_GENERATION);
  }, 10_000);
});
