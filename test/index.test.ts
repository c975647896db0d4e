import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { termKey } from '../src/storage/keys';
import { parseSnapshot, SNAPSHOT_KEY } from '../src/storage/taxonomy-snapshot';

describe('the scheduled job', () => {
  it('rebuilds the taxonomy snapshot from the records', async () => {
    // A record written without a snapshot rebuild, as when two rebuilds race and the older one wins.
    await env.CONTENT.put(
      termKey('tag', 'arctic-council'),
      JSON.stringify({ slug: 'arctic-council', name: 'Arctic Council' }),
    );
    expect(parseSnapshot(await env.CONTENT.get(SNAPSHOT_KEY)).tag['arctic-council']).toBeUndefined();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/10 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(parseSnapshot(await env.CONTENT.get(SNAPSHOT_KEY)).tag['arctic-council']).toEqual({
      name: 'Arctic Council',
    });
  });
});
