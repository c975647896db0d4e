import * as z from 'zod';
import { configReader } from '../env';

/**
 * Analytics settings, checked apart from the rest: a missing database or secret turns counting off and the
 * reports into 503s, never the feeds.
 */
export const AnalyticsConfig = z.object({
  ANALYTICS: z.custom<D1Database>((v) => typeof v === 'object' && v !== null, 'D1 binding ANALYTICS is missing'),
  ANALYTICS_COUNTING: z.enum(['on', 'off']).default('on'),
  /**
   * How long the isolate gathers events before writing them (ms). Work deferred with waitUntil may run for 30 s
   * after the response (Workers limits), so the first event of a batch is in D1 within this delay plus one write.
   */
  ANALYTICS_FLUSH_MS: z.coerce.number().int().min(0).max(20_000).default(10_000),
  /**
   * Keys the daily client hash. Optional: without it the newsletter's secret is used under its own label, so the
   * two uses never share a key (docs/analytics.md).
   */
  ANALYTICS_SECRET: z.string().min(32, 'secret ANALYTICS_SECRET must be at least 32 characters').optional(),
  NEWSLETTER_SECRET: z.string().min(32).optional(),
  /** Sign-in attempts to the dashboard per client address (wrangler.toml). */
  SIGN_IN_LIMITER: z.custom<RateLimit>(
    (v) => typeof v === 'object' && v !== null,
    'rate limit binding SIGN_IN_LIMITER is missing',
  ),
});
export type AnalyticsConfig = z.infer<typeof AnalyticsConfig>;

export const analyticsConfig = configReader(AnalyticsConfig, 'analytics');
