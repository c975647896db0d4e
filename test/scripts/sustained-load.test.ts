import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWorkers } from '../../bench/lib/app-workers';
import { loadWranglersMiniflare, type LocalRuntime } from '../../bench/lib/local-runtime';
import { seedThroughApi, waitForSettledContent } from '../../bench/lib/seed';
import { buildWorkerBundle } from '../../bench/lib/worker-bundle';
import { loadContentDir } from '../../scripts/lib/content-dir';
import { applyLocalMigrations } from '../../scripts/lib/d1-migrations';
import { GENERATION_REUSE_MS } from '../../src/storage/generation-store';

/**
 * The built worker in workerd under many clients at once, as aggregators poll it: every request is a request of its
 * own there (unlike a call in a test's context), so a request that waited on I/O another request started would be
 * cancelled by the runtime and show here as a 500.
 */
let work: string;
let runtime: LocalRuntime | undefined;
let origin: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'edge-syndication-load-'));
  const bundle = await buildWorkerBundle(join(work, 'bundle'));
  const { adminToken, app } = appWorkers(bundle.scriptPath);
  await applyLocalMigrations(join(work, 'state'));
  const { Miniflare } = loadWranglersMiniflare();
  runtime = new Miniflare({
    kvPersist: join(work, 'kv'),
    cachePersist: join(work, 'cache'),
    d1Persist: join(work, 'state', 'v3', 'd1'),
    cf: false,
    logRequests: false,
    workers: [app],
  });
  origin = (await runtime.unsafeGetDirectURL('app')).origin;
  await seedThroughApi(origin, adminToken, await loadContentDir('fixtures'));
  await waitForSettledContent(await runtime.getKVNamespace('CONTENT', 'app'));
}, 120_000);

afterAll(async () => {
  await runtime?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('the worker under sustained concurrent polling', () => {
  it('answers every poll while isolate copies of the generation and the cached feeds expire', async () => {
    const paths = ['/feeds/all.rss', '/feeds/all.atom', '/feeds/all.json', '/feeds/region/europe.rss'];
    const result = await autocannon({
      url: origin,
      connections: 32,
      // Past the reuse time twice: the isolate reads the generation again while 32 requests are in flight.
      duration: Math.ceil((3 * GENERATION_REUSE_MS) / 1000),
      requests: paths.map((path) => ({ method: 'GET', path })),
    });
    expect(result.requests.total).toBeGreaterThan(1000);
    expect({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts }).toEqual({
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    });
  });
});
