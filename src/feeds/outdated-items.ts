/**
 * Articles a feed rendered from their records because their stored items were missing or outdated (a taxonomy name
 * changed, the renderer changed, content stored before items existed) are sent to the content-rebuild queue, whose
 * single writer renders their items again (src/admin/rebuild-queue.ts): feeds never write to KV themselves. An isolate
 * sends an id at most once every RESEND_MS, so a busy feed sends it once, not on every miss until it is written.
 */
import { ITEMS_PER_MESSAGE, type RebuildMessage } from '../admin/rebuild-queue';

/** Long enough for the queue to have written the item (it runs within seconds), short enough to retry a lost send. */
const RESEND_MS = 10 * 60_000;
/** Ids remembered per isolate; past it, the oldest are forgotten (and may be sent again). */
const REMEMBERED = 10_000;

const sentAt = new Map<string, number>();

/** Sends the ids not sent by this isolate lately; a failure is logged (the feed was answered, the item waits). */
export async function reportOutdated(
  queue: Queue<RebuildMessage>,
  ids: readonly string[],
  now = Date.now(),
): Promise<void> {
  const due = ids.filter((id) => (sentAt.get(id) ?? -Infinity) <= now - RESEND_MS);
  if (due.length === 0) return;
  for (const id of due) {
    sentAt.delete(id);
    sentAt.set(id, now);
  }
  for (const [oldest] of sentAt) {
    if (sentAt.size <= REMEMBERED) break;
    sentAt.delete(oldest);
  }
  try {
    for (let i = 0; i < due.length; i += ITEMS_PER_MESSAGE) {
      await queue.send({ step: 'items', ids: due.slice(i, i + ITEMS_PER_MESSAGE) }, { contentType: 'json' });
    }
  } catch (error) {
    for (const id of due) sentAt.delete(id);
    console.error(JSON.stringify({ event: 'feed.items_report_failed', error: String(error) }));
  }
}
