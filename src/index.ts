import { createApp } from './app';
import { config } from './env';
import { newsletterConfig } from './newsletter/config';
import { consumeMailBatch } from './newsletter/mail-queue';
import { mailerFor } from './newsletter/mailer-for';
import { isRoundupCron, runRoundupCron, roundupSendDeps } from './roundup/worker';
import { consumeRoundupBatch, ROUNDUP_QUEUE_NAME } from './roundup/send';
import { TermStore } from './storage/term-store';

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * Two schedules (wrangler.toml [triggers]): ROUNDUP_CRON builds the week's round-up; every other one (ten minutes)
   * rebuilds the taxonomy snapshot, repairing any rebuild lost to a write race.
   */
  async scheduled(controller, env, ctx) {
    if (isRoundupCron(env, controller.cron)) ctx.waitUntil(runRoundupCron(env, controller.scheduledTime));
    else ctx.waitUntil(new TermStore(config(env).CONTENT).refreshSnapshot());
  },
  /**
   * Confirmation emails and round-up deliveries, each queue with one consumer at a time (wrangler.toml), retried with
   * backoff when sending fails.
   */
  async queue(batch, env) {
    if (batch.queue === ROUNDUP_QUEUE_NAME) {
      await consumeRoundupBatch(batch, roundupSendDeps(env));
      return;
    }
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
