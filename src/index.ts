import { consumeRebuildBatch, type RebuildReport } from './admin/rebuild-queue';
import { ANALYTICS_PRUNE_CRON, pruneAnalytics } from './analytics/retention';
import { createApp } from './app';
import { config } from './env';
import { newsletterConfig } from './newsletter/config';
import { KvMailLedger } from './newsletter/mail-store';
import { consumeMailBatch } from './newsletter/mail-queue';
import { mailerFor } from './newsletter/mailer-for';
import { KvSubscriberStore } from './newsletter/store';
import { itemFragmentsFor } from './feeds/item-fragments';
import { KvContentStore } from './storage/content-store';
import { isolateParsedArticles } from './storage/parsed-articles';
import { KvGenerationStore } from './storage/generation-store';
import { meteredKv, totalOps } from './storage/metered-kv';
import { isRoundupCron, runRoundupCron, roundupSendDeps } from './roundup/worker';
import { consumeRoundupBatch, ROUNDUP_QUEUE_NAME } from './roundup/send';

const app = createApp();

/** Queue names as in wrangler.toml. */
const CONTENT_REBUILD = 'content-rebuild';

export default {
  fetch: app.fetch,
  /**
   * Three schedules (wrangler.toml [triggers]): ROUNDUP_CRON builds the week's round-up; ANALYTICS_PRUNE_CRON (daily)
   * prunes analytics past their retention; every other one (ten minutes)
   * rebuilds the taxonomy snapshot, and heads and counts where there are none, repairing any rebuild lost to a write
   * race; a repair changes feeds, so it is a new content generation.
   */
  async scheduled(controller, env, ctx) {
    if (controller.cron === ANALYTICS_PRUNE_CRON) {
      ctx.waitUntil(pruneAnalytics(env, controller.scheduledTime));
      return;
    }
    if (isRoundupCron(env, controller.cron)) {
      ctx.waitUntil(runRoundupCron(env, controller.scheduledTime));
      return;
    }
    const { CONTENT } = config(env);
    ctx.waitUntil(
      (async () => {
        if (await new KvContentStore(CONTENT).repair()) await new KvGenerationStore(CONTENT).advance();
      })(),
    );
  },
  /**
   * Three queues, each with one consumer at a time (wrangler.toml): head index rebuilds after content changes,
   * confirmation emails and round-up deliveries, retried with backoff when sending fails.
   */
  async queue(batch, env) {
    if (batch.queue === ROUNDUP_QUEUE_NAME) {
      await consumeRoundupBatch(batch, roundupSendDeps(env));
      return;
    }
    const cfg = config(env);
    const { kv, ops } = meteredKv(cfg.CONTENT);
    let scopes: RebuildReport | undefined;
    if (batch.queue === CONTENT_REBUILD) {
      const store = new KvContentStore(kv, cfg.CONTENT, isolateParsedArticles, itemFragmentsFor(cfg.SITE));
      const generations = new KvGenerationStore(kv, cfg.CONTENT);
      // Heads the queue merged or repaired can differ from what the publishing location wrote (two publishes racing
      // for one head): a new generation makes answers cached in between unreachable.
      scopes = await consumeRebuildBatch(batch, {
        store,
        queue: cfg.CONTENT_QUEUE,
        afterRebuild: () => generations.advance(),
      });
    } else {
      const nc = newsletterConfig(env);
      await consumeMailBatch(batch, {
        subscribers: new KvSubscriberStore(kv),
        ledger: new KvMailLedger(kv),
        secret: nc.NEWSLETTER_SECRET,
        site: cfg.SITE,
        mailer: mailerFor(cfg, nc),
      });
    }
    // What a batch cost in KV operations, for operators and for the cost model (bench/cost.ts).
    const report = {
      event: 'queue.batch',
      queue: batch.queue,
      messages: batch.messages.length,
      ...(scopes ? { scopes } : {}),
      ops,
      total: totalOps(ops),
    };
    console.log(JSON.stringify(report));
  },
} satisfies ExportedHandler<Env>;
