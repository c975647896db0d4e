import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import * as z from 'zod';
import { config, type AppEnv } from '../env';
import { FORMATS, type Format } from '../feeds/formats';
import { notModified } from '../http/conditional';
import { limitBody, readJsonBody, validate } from '../http/json-body';
import { ProblemError } from '../http/problem';
import { representation } from '../http/representation';
import { fromStorage } from '../http/storage-unavailable';
import { messagePage } from '../newsletter/pages';
import { Region } from '../schema/taxonomy';
import { buildWeek } from './build';
import { roundupConfig } from './config';
import { roundupEmail } from './email';
import { roundupFeed } from './feed';
import { issueView } from './issue';
import { issuePath } from './issue-html';
import { issueListPage, issuePage } from './pages';
import { Note, type Issue, type RoundupMessage } from './schema';
import { startSend } from './send';
import { parseWeek, weekOf, type IsoWeek } from './week';

type RoundupContext = Context<AppEnv>;

const NOTE_BODY_MAX = 16 * 1024;
const store = (c: RoundupContext) => c.var.roundup;

/** A query-string problem names the parameter the way the other admin endpoints do ("?week"). */
function queryError(name: string, detail: string): ProblemError {
  return new ProblemError('bad-request', { detail, errors: [{ pointer: `?${name}`, detail }] });
}

/** The week `?week=` names, or the current week: the ISO week (UTC) holding this instant. Later weeks are refused. */
function requestedWeek(c: RoundupContext, nowMs: number): IsoWeek {
  const current = weekOf(nowMs);
  const asked = c.req.query('week');
  if (asked === undefined) return current;
  const week = parseWeek(asked);
  if (week === null) throw queryError('week', 'must be an ISO week such as "2026-W48"');
  if (week.startMs > current.startMs)
    throw queryError('week', `must not be later than the current week, ${current.id}`);
  return week;
}

async function existingIssue(c: RoundupContext): Promise<Issue> {
  const id = c.req.param('id') ?? '';
  const issue = parseWeek(id) ? await fromStorage('round-up issue', () => store(c).issue(id)) : null;
  if (issue === null)
    throw new ProblemError('not-found', {
      detail: 'No issue has this id; build it with POST /admin/roundup/issues first.',
    });
  return issue;
}

async function issueStatus(c: RoundupContext, issue: Issue) {
  const counts = await fromStorage('round-up counts', () => store(c).counts(issue.id));
  const settled = counts.sent + counts.failed + counts.skipped;
  const status =
    issue.sendStartedAt === undefined
      ? 'draft'
      : counts.fanOutComplete && settled >= counts.recipients
        ? 'sent'
        : 'sending';
  return {
    id: issue.id,
    url: issuePath(issue.id),
    status,
    articles: issue.articles.length,
    ...(issue.note ? { note: issue.note } : {}),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    ...(issue.sendStartedAt ? { sendStartedAt: issue.sendStartedAt } : {}),
    recipients: counts.recipients,
    queued: Math.max(0, counts.recipients - settled),
    sent: counts.sent,
    failed: counts.failed,
    skipped: counts.skipped,
    fanOutComplete: counts.fanOutComplete,
  };
}

const noStore = { 'cache-control': 'no-store' };
const Regions = z.array(Region).max(7);

/** `/admin/roundup/issues…`: build, annotate, preview, send and follow the weekly issue (bearer token, app.ts). */
export const adminRoundup = new Hono<AppEnv>()
  .post('/issues', async (c) => {
    const week = requestedWeek(c, Date.now());
    const { issue, created } = await fromStorage('round-up build', () =>
      buildWeek(store(c), c.var.content, week, Date.now()),
    );
    const body = { id: issue.id, url: issuePath(issue.id), articles: issue.articles.length };
    return c.json(body, created ? 201 : 200, created ? { ...noStore, location: issuePath(issue.id) } : noStore);
  })
  .get('/issues/:id', async (c) => c.json(await issueStatus(c, await existingIssue(c)), 200, noStore))
  .put('/issues/:id/note', limitBody(NOTE_BODY_MAX), async (c) => {
    const id = c.req.param('id');
    if (!parseWeek(id))
      throw new ProblemError('not-found', { detail: 'An issue id is an ISO week such as "2026-W48".' });
    const { note } = validate(z.strictObject({ note: z.union([Note, z.null()]) }), await readJsonBody(c));
    const text = note ?? '';
    const updated = await fromStorage('round-up note', async () => {
      const s = store(c);
      const issue = await s.issue(id);
      if (issue?.sendStartedAt !== undefined)
        throw new ProblemError('conflict', { detail: 'This issue is being sent or was sent; its note is final.' });
      await s.putNote(id, text);
      // A built issue shows the new note at once; an issue not built yet picks it up when it is.
      if (issue && (issue.note ?? '') !== text) {
        const { note: _old, ...rest } = issue;
        await s.putIssue({ ...rest, ...(text ? { note: text } : {}), updatedAt: new Date().toISOString() });
      }
      return issue !== null;
    });
    return c.json({ id, note: text || null, built: updated }, 200, noStore);
  })
  .post('/issues/:id/send', async (c) => {
    const issue = await existingIssue(c);
    if (issue.articles.length === 0)
      throw new ProblemError('conflict', { detail: 'This issue lists no articles; there is nothing to send.' });
    const rc = roundupConfig(c.env);
    const { started } = await fromStorage('round-up send', () =>
      startSend(
        store(c),
        rc.ROUNDUP_QUEUE as Queue<RoundupMessage>,
        issue,
        new URL(c.req.url).origin,
        new Date().toISOString(),
      ),
    );
    const current = (await store(c).issue(issue.id)) ?? issue;
    return c.json(await issueStatus(c, current), started ? 202 : 200, noStore);
  })
  .get('/issues/:id/preview', async (c) => {
    const issue = await existingIssue(c);
    const raw = c.req.queries('regions') ?? [];
    const parsed = Regions.safeParse(raw.flatMap((v) => v.split(',')).filter(Boolean));
    if (!parsed.success) throw queryError('regions', 'must be region slugs such as "europe,asia-pacific"');
    const origin = new URL(c.req.url).origin;
    const mail = roundupEmail({
      site: config(c.env).SITE,
      issue,
      origin,
      to: 'preview@example.invalid',
      view: issueView(issue, parsed.data),
      links: {
        unsubscribe: `${origin}/newsletter/unsubscribe?token=preview`,
        preferences: `${origin}/newsletter/preferences?token=preview`,
      },
    });
    if (c.req.query('format') === 'text') return c.text(mail.text, 200, noStore);
    return c.html(mail.html, 200, noStore);
  });

/** Answers a public GET with validators, and 304 when the client already has these bytes. */
async function publicResponse(
  c: RoundupContext,
  body: string | Uint8Array,
  contentType: string,
  lastModified?: number,
) {
  const response = await representation(body, {
    contentType,
    ...(lastModified === undefined ? {} : { lastModified }),
  });
  const unchanged = notModified(c.req.raw, response);
  if (unchanged === null) return response;
  await response.body?.cancel();
  return unchanged;
}

const lastChange = (issues: Issue[]) =>
  issues.length ? Math.max(...issues.map((i) => Date.parse(i.updatedAt))) : undefined;

/** `/newsletter/issues` and `/newsletter/issues/:id`: the archive, for people. */
export const roundupPages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const issues = await fromStorage('round-up archive', () => store(c).issues());
    return publicResponse(c, issueListPage(config(c.env).SITE, issues), 'text/html; charset=utf-8', lastChange(issues));
  })
  .get('/:id', async (c) => {
    const id = c.req.param('id');
    const issue = parseWeek(id) ? await fromStorage('round-up issue', () => store(c).issue(id)) : null;
    const site = config(c.env).SITE;
    if (issue === null)
      return c.html(
        messagePage(site, 'No such issue', 'There is no round-up with this name. The archive lists every issue.'),
        404,
        noStore,
      );
    return publicResponse(c, issuePage(site, issue), 'text/html; charset=utf-8', Date.parse(issue.updatedAt));
  });

/** `/feeds/roundup.{rss,atom,json}`: one item per issue, the whole issue as its content. */
export const roundupFeedRoutes = new Hono<AppEnv>()
  .use(cors({ origin: '*', allowMethods: ['GET', 'HEAD'], exposeHeaders: ['ETag', 'Last-Modified'] }))
  .get('/:file{roundup\\.(?:rss|atom|json)}', async (c) => {
    const format = c.req.param('file').slice('roundup.'.length) as Format;
    const issues = await fromStorage('round-up feed', () => store(c).issues());
    const body = roundupFeed(config(c.env).SITE, new URL(c.req.url), format, issues);
    return publicResponse(c, body, `${FORMATS[format].mediaType}; charset=utf-8`, lastChange(issues));
  });
