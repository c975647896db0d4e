import { createApp } from './app';
import { config } from './env';
import { newsletterConfig } from './newsletter/config';
import { consumeMailBatch } from './newsletter/mail-queue';
import { mailerFor } from './newsletter/mailer-for';
import { KvGenerationStore } from './storage/generation-store';
import { TermStore } from './storage/term-store';

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * Every ten minutes: rebuild the taxonomy snapshot, repairing any rebuild lost to a write race; a repair changes
   * feeds, so it is a new content generation.
   */
  async scheduled(_controller, env, ctx) {
    const { CONTENT } = config(env);
    ctx.waitUntil(
      (async () => {
        if (await new TermStore(CONTENT).refreshSnapshot()) await new KvGenerationStore(CONTENT).advance();
      })(),
    );
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
