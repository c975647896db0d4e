import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { GENERATION_KEY } from '../src/storage/generation-store';
import { termKey } from '../src/storage/keys';
import { parseSnapshot, SNAPSHOT_KEY } from '../src/storage/taxonomy-snapshot';

async function runScheduled() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '*/10 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe('the scheduled job', () => {
  it('rebuilds the taxonomy snapshot from the records', async () => {
    // A record written without a snapshot rebuild, as when two rebuilds race and the older one wins.
    await env.CONTENT.put(
      termKey('tag', 'arctic-council'),
      JSON.stringify({ slug: 'arctic-council', name: 'Arctic Council' }),
    );
    expect(parseSnapshot(await env.CONTENT.get(SNAPSHOT_KEY)).tag['arctic-council']).toBeUndefined();

    const generationBefore = await env.CONTENT.get(GENERATION_KEY);
    await runScheduled();
    expect(parseSnapshot(await env.CONTENT.get(SNAPSHOT_KEY)).tag['arctic-council']).toEqual({
      name: 'Arctic Council',
    });
    // The repair changed feed titles: a new content generation, so no cached answer keeps the old ones.
    const repaired = await env.CONTENT.get(GENERATION_KEY);
    expect(repaired).not.toBeNull();
    expect(repaired).not.toBe(generationBefore);
    // Nothing to repair: the generation stays, and so does every cached answer.
    await runScheduled();
    expect(await env.CONTENT.get(GENERATION_KEY)).toBe(repaired);
  });
});
