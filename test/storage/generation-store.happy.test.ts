import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { countingKv } from '../support/counting-kv';
import {
  FIRST_GENERATION,
  GENERATION_CACHE_TTL_S,
  GENERATION_KEY,
  GENERATION_REUSE_MS,
  Generation,
  KvGenerationStore,
} from '../../src/storage/generation-store';

/** The generation stored in KV, as the store wrote it. */
const stored = async () => Generation.parse(JSON.parse((await env.CONTENT.get(GENERATION_KEY))!));

/** The namespace with its reads recorded: key and options of every get. */
function recordingKv() {
  const reads: { key: string; options: unknown }[] = [];
  const kv = new Proxy(env.CONTENT, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'get') reads.push({ key: String(args[0]), options: args[1] });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv, reads };
}

let clock = Date.UTC(2026, 11, 1);
/** A store as one isolate has it: its own copy (keyed by `binding`), its own clock. */
const isolate = (kv: KVNamespace = env.CONTENT, binding: object = {}) =>
  new KvGenerationStore(kv, binding, () => clock);

beforeEach(async () => {
  await env.CONTENT.delete(GENERATION_KEY);
});

describe('the content generation', () => {
  it('is the first generation in a namespace that never recorded a change', async () => {
    expect(await isolate().current()).toEqual(FIRST_GENERATION);
    expect(await env.CONTENT.get(GENERATION_KEY)).toBeNull();
  });

  it('is advanced in this isolate at once and stored in KV, with the time of the change', async () => {
    const store = isolate();
    const advanced = store.advance();
    const mine = await store.current();
    expect(mine).not.toEqual(FIRST_GENERATION);
    expect(mine?.at).toBe(clock);
    await advanced;
    expect(await stored()).toEqual(mine);
  });

  it('gets a new id on every advance, so racing writers never leave an old value behind', async () => {
    const store = isolate();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await store.advance();
      ids.add((await stored()).id);
    }
    expect(ids.size).toBe(5);
  });

  it('writes advances made together at most twice each, ending with the newest', async () => {
    const { kv, ops } = countingKv(env.CONTENT);
    const store = isolate(kv);
    await Promise.all(Array.from({ length: 20 }, () => store.advance()));
    expect(ops()).toBeLessThanOrEqual(40);
    expect(await stored()).toEqual(await store.current());
  });

  it("reaches another isolate once that isolate's copy is older than the reuse time", async () => {
    const other = isolate();
    const before = await other.current();
    await isolate().advance();
    expect(await other.current()).toEqual(before);
    clock += GENERATION_REUSE_MS;
    expect(await other.current()).toEqual(await stored());
  });

  it('is read from KV once per reuse time and isolate, with cacheTtl, however many requests ask', async () => {
    await isolate().advance();
    const { kv, reads } = recordingKv();
    const store = isolate(kv);
    const first = await store.current();
    clock += GENERATION_REUSE_MS - 1;
    await store.current();
    expect(reads).toEqual([{ key: GENERATION_KEY, options: { type: 'text', cacheTtl: GENERATION_CACHE_TTL_S } }]);
    clock += 1;
    // Expired: one request reads; the others asking meanwhile go on with the generation known, none awaits that read.
    const answers = await Promise.all(Array.from({ length: 10 }, () => store.current()));
    expect(answers).toEqual(Array.from({ length: 10 }, () => first));
    expect(reads).toHaveLength(2);
  });

  it('is read by each request while the isolate knows none yet, rather than one request waiting on another', async () => {
    await isolate().advance();
    const { kv, reads } = recordingKv();
    const store = isolate(kv);
    const answers = await Promise.all(Array.from({ length: 3 }, () => store.current()));
    expect(new Set(answers.map((a) => a?.id))).toEqual(new Set([(await stored()).id]));
    expect(reads).toHaveLength(3);
  });
});
