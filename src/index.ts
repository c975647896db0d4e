import { ANALYTICS_PRUNE_CRON, pruneAnalytics } from './analytics/retention';
import { createApp } from './app';
import { config } from './env';
import { newsletterConfig } from './newsletter/config';
import { consumeMailBatch } from './newsletter/mail-queue';
import { mailerFor } from './newsletter/mailer-for';
import { TermStore } from './storage/term-store';

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * Every ten minutes: rebuild the taxonomy snapshot, repairing any rebuild lost to a write race. Once a day
   * (ANALYTICS_PRUNE_CRON, wrangler.toml): prune analytics past their retention.
   */
  async scheduled(controller, env, ctx) {
    if (controller.cron === ANALYTICS_PRUNE_CRON) ctx.waitUntil(pruneAnalytics(env, controller.scheduledTime));
    else ctx.waitUntil(new TermStore(config(env).CONTENT).refreshSnapshot());
  },
  /** Confirmation emails, one consumer at a time (wrangler.toml), retried with backoff when sending fails. */
  async queue(batch, env) {
    const cfg = config(env);
    const nc = newsletterConfig(env);
    await consumeMailBatch(batch, {
      kv: cfg.CONTENT,
      secret: nc.NEWSLETTER_SECRET,
      site: cfg.SITE,
      mailer: mailerFor(cfg, nc),
    });
  },
} satisfies ExportedHandler<Env>;
