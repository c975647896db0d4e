import * as z from 'zod';
import { scopeFromId, scopeId, type Scope } from '../schema/scope';
import type { ContentStore } from '../storage/content-store';
import { HeadChange } from '../storage/head-index';

/**
 * Seconds between a change and the re-verification of the heads it touched: KV documents about 60 s for a write to
 * reach every location, and the index keys a rebuild lists must have reached the consumer's.
 */
export const VERIFY_DELAY_SECONDS = 90;

/**
 * What the content-rebuild queue carries: the changes themselves, so that merging them depends on no listing being
 * up to date, and later the scopes to re-verify from the per-entry index keys.
 */
export const RebuildMessage = z.discriminatedUnion('step', [
  z.object({ step: z.literal('merge'), changes: z.array(HeadChange).min(1) }),
  z.object({ step: z.literal('verify'), scopes: z.array(z.string()).min(1) }),
]);
export type RebuildMessage = z.infer<typeof RebuildMessage>;

export interface RebuildDeps {
  store: ContentStore;
  /** The queue itself, for the delayed re-verification. */
  queue: Queue<RebuildMessage>;
  /**
   * Runs once heads were written, with the scopes whose first pages changed: the step where a content generation is
   * advanced, so answers cached between the change and its rebuild stop being served.
   */
  afterRebuild?: (scopes: Scope[]) => Promise<void>;
}

/** How many scopes a batch merged changes into and re-verified (zero for both when it failed and will be retried). */
export interface RebuildReport {
  merged: number;
  verified: number;
}

/**
 * The single writer of head indexes (wrangler.toml: max_concurrency = 1). A batch's merges are applied together, each
 * head written once; their scopes are re-verified VERIFY_DELAY_SECONDS later. A failure retries the whole batch with
 * backoff (merging and rebuilding are idempotent); after max_retries it goes to the dead-letter queue.
 */
export async function consumeRebuildBatch(batch: MessageBatch<unknown>, deps: RebuildDeps): Promise<RebuildReport> {
  const changes: HeadChange[] = [];
  const toVerify: Scope[] = [];
  for (const message of batch.messages) {
    const parsed = RebuildMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error(JSON.stringify({ event: 'content.rebuild_invalid', id: message.id }));
      continue;
    }
    if (parsed.data.step === 'merge') changes.push(...parsed.data.changes);
    else toVerify.push(...parsed.data.scopes.flatMap((id) => scopeFromId(id) ?? []));
  }
  const report: RebuildReport = { merged: 0, verified: 0 };
  try {
    if (changes.length > 0) {
      const { scopes, written } = await deps.store.mergeHeads(changes);
      report.merged = scopes.length;
      await deps.queue.send(
        { step: 'verify', scopes: scopes.map(scopeId) },
        { delaySeconds: VERIFY_DELAY_SECONDS, contentType: 'json' },
      );
      // Usually the publishing location has already written these heads; only a head that missed a change (two
      // publishes racing for it) changes what feeds show now.
      if (written.length > 0) await deps.afterRebuild?.(written);
    }
    if (toVerify.length > 0) {
      const repaired = await deps.store.rebuildHeads(toVerify);
      report.verified = toVerify.length;
      if (repaired.length > 0) {
        console.warn(JSON.stringify({ event: 'content.heads_repaired', scopes: repaired.map(scopeId) }));
        await deps.afterRebuild?.(repaired);
      }
    }
    batch.ackAll();
    return report;
  } catch (error) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    const delaySeconds = Math.min(600, 5 * 2 ** Math.min(attempts, 7));
    console.error(JSON.stringify({ event: 'content.rebuild_retry', attempts, delaySeconds, error: String(error) }));
    batch.retryAll({ delaySeconds });
    return { merged: 0, verified: 0 };
  }
}
