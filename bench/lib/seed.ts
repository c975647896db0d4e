import { GENERATION_KEY } from '../../src/storage/generation-store';
import type { ContentDir } from '../../scripts/lib/content-dir';
import type { Article } from '../../src/schema/article';
import { sendRetrying } from './http-client';

/** The publishing API takes at most 100 records per batch. */
const BATCH = 100;
const MAX_ROUNDS = 10;

type BatchAnswer = { results: { slug?: string; status: number; result?: string; problem?: unknown }[] };

export interface SeedReport {
  articles: number;
  terms: number;
  /** Items the API deferred (503 "retryable": its per-invocation KV budget ran out) and that were sent again. */
  resent: number;
  /** What the API did with each article: created, updated, unchanged. */
  outcomes: Record<string, number>;
  seconds: number;
}

/**
 * Publishes a content folder through the worker's own API, as the CMS does: taxonomy first
 * (`POST /admin/<taxonomy>/batch`), then articles in batches of 100 (`POST /admin/articles/batch`),
 * resending the items a batch deferred. `concurrency` batches are in flight at once, so the runtime
 * is never idle while the next body is encoded and sent.
 */
export async function seedThroughApi(
  base: string,
  token: string,
  content: ContentDir,
  concurrency = 2,
): Promise<SeedReport> {
  const start = performance.now();
  const post = async (path: string, body: unknown): Promise<BatchAnswer> => {
    const res = await sendRetrying(new URL(path, base).toString(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200 && res.status !== 207)
      throw new Error(`POST ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
    return JSON.parse(res.body.toString('utf8')) as BatchAnswer;
  };

  let terms = 0;
  for (const { name, terms: list } of content.taxonomy) {
    for (let i = 0; i < list.length; i += BATCH) {
      const { results } = await post(`/admin/${name}/batch`, list.slice(i, i + BATCH));
      const refused = results.filter((r) => r.status >= 300);
      if (refused.length > 0) throw new Error(`${name} refused: ${JSON.stringify(refused.slice(0, 5))}`);
      terms += results.length;
    }
  }

  const outcomes: Record<string, number> = {};
  const refused: string[] = [];
  let resent = 0;
  const batches: Article[][] = [];
  for (let i = 0; i < content.articles.length; i += BATCH) batches.push(content.articles.slice(i, i + BATCH));
  const publish = async (batch: Article[]) => {
    let pending = batch;
    for (let round = 1; pending.length > 0; round++) {
      if (round > MAX_ROUNDS) throw new Error(`${pending.length} article(s) still deferred after ${MAX_ROUNDS} rounds`);
      const { results } = await post('/admin/articles/batch', pending);
      const again: Article[] = [];
      results.forEach((r, i) => {
        if (r.status === 503) again.push(pending[i]!);
        else if (r.status >= 300) refused.push(`${pending[i]!.slug}: ${r.status} ${JSON.stringify(r.problem)}`);
        else outcomes[r.result ?? String(r.status)] = (outcomes[r.result ?? String(r.status)] ?? 0) + 1;
      });
      resent += again.length;
      pending = again;
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) await publish(batches[next++]!);
    }),
  );
  if (refused.length > 0)
    throw new Error(`the publishing API refused ${refused.length} article(s):\n  ${refused.slice(0, 10).join('\n  ')}`);
  return { articles: content.articles.length, terms, resent, outcomes, seconds: (performance.now() - start) / 1000 };
}

/**
 * Waits until the content-rebuild queue has merged what a seeding left to it: until the content generation (advanced
 * whenever a head is written late, src/admin/rebuild-queue.ts) stays the same for `quietMs`. Concurrent batches race
 * for the heads they share; the queue mends them a batch timeout later, and a runtime stopped before that would
 * start the measured one with heads that change under its cached answers.
 */
export async function waitForSettledContent(
  kv: { get(key: string): Promise<string | null> },
  quietMs = 5_000,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await kv.get(GENERATION_KEY);
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error(`the content generation still changed after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
    const now = await kv.get(GENERATION_KEY);
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
}
