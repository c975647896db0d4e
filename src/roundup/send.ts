import { MailRejected, type Mailer } from '../newsletter/mailer';
import { signToken } from '../newsletter/tokens';
import type { Site } from '../schema/site';
import { readerView, roundupEmail } from './email';
import type { RoundupStore } from './roundup-store';
import { RoundupMessage, type DeliverMessage, type FanOutMessage, type Issue } from './schema';

/** The queue of round-up deliveries (wrangler.toml); the worker's queue handler routes its batches here. */
export const ROUNDUP_QUEUE_NAME = 'roundup-send';

/** Queues accept at most 100 messages per sendBatch call (Cloudflare Queues limits). */
export const SEND_BATCH_MAX = 100;
/** Deliveries give up after this many attempts and are counted as failed (the queue's max_retries is higher). */
export const MAX_ATTEMPTS = 8;

export interface SendDeps {
  store: RoundupStore;
  queue: Queue<RoundupMessage>;
  mailer: Mailer;
  secret: string;
  site: Site;
  /** Emails per second toward the email API. */
  ratePerSecond: number;
  /** First retry delay after a failure of the email API, doubled per attempt, at most an hour. */
  retrySeconds: number;
  now?: () => number;
}

/** The Idempotency-Key of one reader's email of one issue: the same on every attempt, different for every pair. */
export const idempotencyKey = (issue: string, subscriber: string) => `roundup-${issue}-${subscriber}`;

/**
 * Starts sending an issue: freezes it and queues the first page of the fan-out. A second call finds it frozen and
 * queues nothing, unless no fan-out page has been recorded yet (the first call may have died before queueing): the
 * ledger makes a repeated fan-out harmless.
 */
export async function startSend(
  store: RoundupStore,
  queue: Queue<RoundupMessage>,
  issue: Issue,
  origin: string,
  now: string,
): Promise<{ started: boolean }> {
  const started = issue.sendStartedAt === undefined;
  if (started) {
    await store.putSendState(issue.id, { startedAt: now, origin });
    await store.putIssue({ ...issue, sendStartedAt: now });
  } else if ((await store.fanOutStarted(issue.id)) || !(await store.sendState(issue.id))) {
    return { started };
  }
  await queue.send({ t: 'fanout', issue: issue.id, page: 0 });
  return { started };
}

/**
 * One page of the fan-out: up to 1000 subscribers listed, the confirmed ones queued in batches of 100, and the next
 * page queued as a message of its own, so 50,000 readers take 50 small invocations instead of one that lists them all.
 */
export async function fanOut(message: FanOutMessage, deps: Pick<SendDeps, 'store' | 'queue'>): Promise<number> {
  const page = await deps.store.subscriberPage(message.cursor);
  for (let i = 0; i < page.confirmed.length; i += SEND_BATCH_MAX) {
    await deps.queue.sendBatch(
      page.confirmed
        .slice(i, i + SEND_BATCH_MAX)
        .map((sub) => ({ body: { t: 'deliver', issue: message.issue, sub } satisfies DeliverMessage })),
    );
  }
  if (page.next !== null)
    await deps.queue.send({ t: 'fanout', issue: message.issue, page: message.page + 1, cursor: page.next });
  await deps.store.putFanOutPage(message.issue, message.page, page.confirmed.length, page.next === null);
  return page.confirmed.length;
}

/** Keeps sends at most `ratePerSecond` apart across the batches an isolate handles (one consumer at a time). */
let nextSendAt = 0;
async function pace(ratePerSecond: number, now: () => number): Promise<void> {
  const wait = nextSendAt - now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  nextSendAt = Math.max(now(), nextSendAt) + 1000 / ratePerSecond;
}

const retryDelay = (deps: SendDeps, attempts: number) =>
  Math.min(3600, deps.retrySeconds * 2 ** Math.max(0, attempts - 1));

/**
 * Deliveries of one issue in one batch. The consumer runs alone (max_concurrency = 1), so it is the only writer of
 * the ledger and reads it where it wrote it: a reader already in the ledger is acknowledged without a second email,
 * whether the message is a duplicate from a repeated fan-out or a retry after a crash. The one gap — the email API
 * accepted a mail and the worker died before writing the ledger — is closed by the Idempotency-Key: the retry sends
 * the same key and the API does not deliver it again (docs/newsletter.md, "Exactly once").
 */
async function deliverIssue(
  issueId: string,
  messages: { message: Message<unknown>; body: DeliverMessage }[],
  deps: SendDeps,
): Promise<void> {
  const now = deps.now ?? Date.now;
  const [issue, state] = await Promise.all([deps.store.issue(issueId), deps.store.sendState(issueId)]);
  if (issue === null || state === null) {
    console.error(JSON.stringify({ event: 'roundup.unknown_issue', issue: issueId, messages: messages.length }));
    for (const { message } of messages) message.ack();
    return;
  }
  const subs = [...new Set(messages.map((m) => m.body.sub))];
  const [ledger, subscribers] = await Promise.all([deps.store.ledger(issueId, subs), deps.store.subscribers(subs)]);
  const settle = async (sub: string, outcome: 'sent' | 'failed' | 'skipped', reason?: string) => {
    const at = new Date(now()).toISOString();
    await deps.store.record(issueId, sub, outcome, at, reason);
    ledger.set(sub, { s: outcome, at, ...(reason === undefined ? {} : { reason }) });
  };
  let apiDown = false;
  for (const { message, body } of messages) {
    if (ledger.has(body.sub)) {
      message.ack();
      continue;
    }
    if (apiDown) {
      // The email API just failed: the rest of the batch waits with it and resumes where this stopped.
      message.retry({ delaySeconds: retryDelay(deps, message.attempts) });
      continue;
    }
    const subscriber = subscribers.get(body.sub);
    if (subscriber?.status !== 'confirmed') {
      await settle(body.sub, 'skipped', subscriber ? subscriber.status : 'gone');
      message.ack();
      continue;
    }
    const view = readerView(issue, subscriber.regions);
    if (view === null) {
      await settle(body.sub, 'skipped', 'nothing in the chosen regions');
      message.ack();
      continue;
    }
    const token = (purpose: 'unsubscribe' | 'manage') =>
      signToken(deps.secret, purpose, body.sub, subscriber.generation, now());
    const mail = roundupEmail({
      site: deps.site,
      issue,
      origin: state.origin,
      to: subscriber.email,
      view,
      links: {
        unsubscribe: `${state.origin}/newsletter/unsubscribe?token=${await token('unsubscribe')}`,
        preferences: `${state.origin}/newsletter/preferences?token=${await token('manage')}`,
      },
    });
    await pace(deps.ratePerSecond, now);
    try {
      await deps.mailer.send({ ...mail, idempotencyKey: idempotencyKey(issueId, body.sub) });
    } catch (error) {
      if (error instanceof MailRejected || message.attempts >= MAX_ATTEMPTS) {
        console.error(
          JSON.stringify({
            event: 'roundup.mail_failed',
            issue: issueId,
            attempts: message.attempts,
            error: String(error),
          }),
        );
        await settle(body.sub, 'failed', String(error).slice(0, 200));
        message.ack();
        continue;
      }
      console.warn(JSON.stringify({ event: 'roundup.mail_retry', issue: issueId, error: String(error) }));
      apiDown = true;
      message.retry({ delaySeconds: retryDelay(deps, message.attempts) });
      continue;
    }
    await settle(body.sub, 'sent');
    message.ack();
  }
}

/** The roundup-send consumer: fan-out pages and deliveries, each acknowledged once its outcome is in the ledger. */
export async function consumeRoundupBatch(batch: MessageBatch<unknown>, deps: SendDeps): Promise<void> {
  const deliveries = new Map<string, { message: Message<unknown>; body: DeliverMessage }[]>();
  for (const message of batch.messages) {
    const parsed = RoundupMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error(JSON.stringify({ event: 'roundup.message_invalid', id: message.id }));
      message.ack();
      continue;
    }
    const body = parsed.data;
    if (body.t === 'deliver') {
      deliveries.set(body.issue, [...(deliveries.get(body.issue) ?? []), { message, body }]);
      continue;
    }
    try {
      await fanOut(body, deps);
      message.ack();
    } catch (error) {
      console.error(JSON.stringify({ event: 'roundup.fanout_retry', issue: body.issue, error: String(error) }));
      message.retry({ delaySeconds: retryDelay(deps, message.attempts) });
    }
  }
  for (const [issue, messages] of deliveries) await deliverIssue(issue, messages, deps);
}
