import * as z from 'zod';
import { scopeFromId, scopeId, type Scope } from '../schema/scope';
import type { ContentStore } from '../storage/content-store';
import { HeadChange } from '../storage/head-index';

/**
 * Seconds between a change and the re-verification of the heads it touched: KV documents about 60 s for a write to
 * reach every location, and the index keys a rebuild lists must have reached the consumer's.
 */
export const VERIFY_DELAY_SECONDS = 90;

/** Article ids a message names for their rendered items to be checked. */
export const ITEMS_PER_MESSAGE = 100;
/**
 * Articles whose items one batch renders again, each costing at most one KV write besides a share of a bulk read: well
 * inside an invocation's 1,000 operations with the heads it may write too (Workers KV limits). The rest are sent on.
 */
export const ITEMS_PER_BATCH = 400;
const ItemIds = z.array(z.string().min(1).max(100)).max(ITEMS_PER_MESSAGE);

/**
 * What the content-rebuild queue carries: the changes themselves, so that merging them depends on no listing being
 * up to date; later the scopes to re-verify from the per-entry index keys and the articles whose rendered feed items
 * to render again from their records (`items`, absent in messages sent before items existed); and articles whose
 * items a feed found outdated (src/feeds/outdated-items.ts).
 */
export const RebuildMessage = z.discriminatedUnion('step', [
  z.object({ step: z.literal('merge'), changes: z.array(HeadChange).min(1) }),
  // A change of more than ITEMS_PER_MESSAGE articles sends its scopes with the first of its verify messages only.
  z.object({ step: z.literal('verify'), scopes: z.array(z.string()), items: ItemIds.optional() }),
  z.object({ step: z.literal('items'), ids: ItemIds.min(1) }),
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

/**
 * How many scopes a batch merged changes into and re-verified, and how many articles' rendered items it wrote again
 * (zero for all when it failed and will be retried).
 */
export interface RebuildReport {
  merged: number;
  verified: number;
  items: number;
}

/**
 * The single writer of head indexes (wrangler.toml: max_concurrency = 1). A batch's merges are applied together, each
 * head written once; their scopes, and the rendered items of the articles that changed, are re-verified
 * VERIFY_DELAY_SECONDS later, once every location reads the same records: an item written from a record read before
 * a change reached this location (a refresh racing a publish) is replaced then. Items a feed found outdated are
 * rendered again at once. A failure retries the whole batch with backoff (merging, rebuilding and rendering are
 * idempotent); after max_retries it goes to the dead-letter queue.
 */
export async function consumeRebuildBatch(batch: MessageBatch<unknown>, deps: RebuildDeps): Promise<RebuildReport> {
  const changes: HeadChange[] = [];
  const toVerify: Scope[] = [];
  const verifyItems = new Set<string>();
  const outdatedItems = new Set<string>();
  for (const message of batch.messages) {
    const parsed = RebuildMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error(JSON.stringify({ event: 'content.rebuild_invalid', id: message.id }));
      continue;
    }
    const body = parsed.data;
    if (body.step === 'merge') changes.push(...body.changes);
    else if (body.step === 'items') for (const id of body.ids) outdatedItems.add(id);
    else {
      toVerify.push(...body.scopes.flatMap((id) => scopeFromId(id) ?? []));
      for (const id of body.items ?? []) verifyItems.add(id);
    }
  }
  const report: RebuildReport = { merged: 0, verified: 0, items: 0 };
  try {
    if (changes.length > 0) {
      const { scopes, written } = await deps.store.mergeHeads(changes);
      report.merged = scopes.length;
      const ids = [...new Set(changes.map((c) => (c.after ?? c.before)!.id))];
      await deps.queue.send(
        { step: 'verify', scopes: scopes.map(scopeId), items: ids.slice(0, ITEMS_PER_MESSAGE) },
        { delaySeconds: VERIFY_DELAY_SECONDS, contentType: 'json' },
      );
      await sendOn(deps.queue, 'verify', ids.slice(ITEMS_PER_MESSAGE), VERIFY_DELAY_SECONDS);
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
    const verifyNow = [...verifyItems].slice(0, ITEMS_PER_BATCH);
    const outdatedNow = [...outdatedItems].slice(0, ITEMS_PER_BATCH - verifyNow.length);
    await sendOn(deps.queue, 'verify', [...verifyItems].slice(verifyNow.length));
    await sendOn(deps.queue, 'items', [...outdatedItems].slice(outdatedNow.length));
    if (verifyNow.length > 0) {
      // An item that differed from its record after propagation was shown wrong: answers cached meanwhile must go.
      const repaired = await deps.store.refreshItems(verifyNow);
      report.items += repaired.length;
      if (repaired.length > 0) {
        console.warn(JSON.stringify({ event: 'content.items_repaired', ids: repaired }));
        await deps.afterRebuild?.([]);
      }
    }
    // Feeds rendered these articles from their records meanwhile, which gives the bytes the new items hold.
    if (outdatedNow.length > 0) report.items += (await deps.store.refreshItems(outdatedNow)).length;
    batch.ackAll();
    return report;
  } catch (error) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    const delaySeconds = Math.min(600, 5 * 2 ** Math.min(attempts, 7));
    console.error(JSON.stringify({ event: 'content.rebuild_retry', attempts, delaySeconds, error: String(error) }));
    batch.retryAll({ delaySeconds });
    return { merged: 0, verified: 0, items: 0 };
  }
}

/** Article ids for a later batch (`verify` ones, when delayed, after propagation), ITEMS_PER_MESSAGE to a message. */
async function sendOn(
  queue: Queue<RebuildMessage>,
  step: 'verify' | 'items',
  ids: readonly string[],
  delaySeconds = 0,
): Promise<void> {
  for (let i = 0; i < ids.length; i += ITEMS_PER_MESSAGE) {
    const chunk = ids.slice(i, i + ITEMS_PER_MESSAGE);
    const body: RebuildMessage = step === 'verify' ? { step, scopes: [], items: chunk } : { step, ids: chunk };
    await queue.send(body, { delaySeconds, contentType: 'json' });
  }
}
