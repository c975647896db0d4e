import { config } from '../env';
import { newsletterConfig } from '../newsletter/config';
import { mailerFor } from '../newsletter/mailer-for';
import { buildWeek } from './build';
import { roundupConfig } from './config';
import { KvContentStore } from '../storage/content-store';
import { RoundupStore } from './roundup-store';
import type { RoundupMessage } from './schema';
import type { SendDeps } from './send';
import { weekOf } from './week';

/** What the roundup-send consumer works with, from the worker's bindings. */
export function roundupSendDeps(env: Env): SendDeps {
  const cfg = config(env);
  const nc = newsletterConfig(env);
  const rc = roundupConfig(env);
  return {
    store: new RoundupStore(cfg.CONTENT),
    queue: rc.ROUNDUP_QUEUE as Queue<RoundupMessage>,
    mailer: mailerFor(cfg, rc.ROUNDUP_MAIL_API_URL ? { ...nc, MAIL_API_URL: rc.ROUNDUP_MAIL_API_URL } : nc),
    secret: nc.NEWSLETTER_SECRET,
    site: cfg.SITE,
    ratePerSecond: rc.ROUNDUP_SEND_RATE,
    retrySeconds: rc.ROUNDUP_RETRY_SECONDS,
  };
}

/**
 * Whether a Cron Trigger is the round-up's. A round-up misconfiguration is logged by its reader and answers false, so
 * the other scheduled job (the taxonomy snapshot) still runs.
 */
export function isRoundupCron(env: Env, cron: string): boolean {
  try {
    return cron === roundupConfig(env).ROUNDUP_CRON;
  } catch {
    return false;
  }
}

/** The scheduled build: the issue of the week holding the trigger's scheduled time, as POST /admin/roundup/issues. */
export async function runRoundupCron(env: Env, scheduledTime: number): Promise<void> {
  const { CONTENT } = config(env);
  const week = weekOf(scheduledTime);
  const { issue, created } = await buildWeek(new RoundupStore(CONTENT), new KvContentStore(CONTENT), week, Date.now());
  console.log(JSON.stringify({ event: 'roundup.built', issue: issue.id, created, articles: issue.articles.length }));
}
