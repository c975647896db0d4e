import { utcDay } from './batch';
import { analyticsStoreOf } from './store';

/** The daily trigger in wrangler.toml that prunes analytics; the other trigger rebuilds the taxonomy snapshot. */
export const ANALYTICS_PRUNE_CRON = '17 3 * * *';

/** Deletes rollups older than 13 months and client hashes of past days; a failure is logged and retried next day. */
export async function pruneAnalytics(env: Env, at: number): Promise<void> {
  try {
    await analyticsStoreOf(env).prune(utcDay(at));
  } catch (error) {
    console.error(JSON.stringify({ event: 'analytics.prune_failed', error: String(error) }));
  }
}
