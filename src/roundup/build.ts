import type { ContentStore } from '../storage/content-store';
import { buildIssue } from './issue';
import type { RoundupStore } from './roundup-store';
import type { Issue } from './schema';
import type { IsoWeek } from './week';

/**
 * Builds (or rebuilds) the issue of `week` from what is stored: created when new, refreshed while unsent, left as it
 * is once sending has begun. What the cron and `POST /admin/roundup/issues` both run.
 */
export async function buildWeek(
  store: RoundupStore,
  content: ContentStore,
  week: IsoWeek,
  nowMs: number,
): Promise<{ issue: Issue; created: boolean }> {
  const previous = await store.issue(week.id);
  if (previous?.sendStartedAt !== undefined) return { issue: previous, created: false };
  const [articles, snapshot, note] = await Promise.all([
    content.publishedBetween(week.startMs, week.endMs),
    content.taxonomy(),
    store.note(week.id),
  ]);
  const issue = buildIssue({ week, articles, snapshot, note, previous, now: new Date(nowMs).toISOString() });
  if (previous === null || JSON.stringify(previous) !== JSON.stringify(issue)) await store.putIssue(issue);
  return { issue, created: previous === null };
}
