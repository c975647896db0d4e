import * as z from 'zod';
import { ArticleId } from '../schema/article';
import { HttpUrl } from '../schema/primitives';
import { Kind, Region } from '../schema/taxonomy';
import { WEEK_ID } from './week';

/** An issue is named by its ISO week: "2026-W48". */
export const IssueId = z.string().regex(WEEK_ID, 'must be an ISO week such as "2026-W48"');

/**
 * What an issue keeps of an article: enough to list it, copied when the issue is built so that a sent issue reads the
 * same in the archive years later, whatever happens to the article afterwards.
 */
export const IssueArticle = z.object({
  id: ArticleId,
  url: HttpUrl,
  title: z.string(),
  dek: z.string(),
  kind: Kind,
  regions: z.array(Region).min(1),
  authors: z.array(z.string()),
  publishedAt: z.iso.datetime({ offset: true }),
});
export type IssueArticle = z.infer<typeof IssueArticle>;

/** The editors' note: plain text, paragraphs separated by blank lines. */
export const Note = z
  .string()
  .trim()
  .max(4000, 'must be at most 4000 characters')
  .refine((v) => !v.includes('\u0000'), 'must not contain NUL');

export const Issue = z.object({
  id: IssueId,
  /** The week's bounds, RFC 3339 in UTC: Monday 00:00Z inclusive to the next Monday exclusive. */
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  /** First build; an issue's feed item is dated by it. */
  createdAt: z.iso.datetime(),
  /** Last build or note edit that changed what the issue says. */
  updatedAt: z.iso.datetime(),
  note: z.string().optional(),
  /** Display names of the regions the issue mentions, from the taxonomy when it was built. */
  regionNames: z.record(z.string(), z.string()),
  articles: z.array(IssueArticle),
  /** Set once sending begins: from then on the issue is frozen. */
  sendStartedAt: z.iso.datetime().optional(),
});
export type Issue = z.infer<typeof Issue>;

/** A send in progress or done: where its links point and when it began. */
export const SendState = z.object({ startedAt: z.iso.datetime(), origin: z.url() });
export type SendState = z.infer<typeof SendState>;

/** One reader's outcome for one issue; the ledger holds at most one per (issue, subscriber). */
export const Outcome = z.enum(['sent', 'failed', 'skipped']);
export type Outcome = z.infer<typeof Outcome>;
export const LedgerEntry = z.object({ s: Outcome, at: z.iso.datetime(), reason: z.string().optional() });
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** Messages of the roundup-send queue. */
export const FanOutMessage = z.object({
  t: z.literal('fanout'),
  issue: IssueId,
  /** Page number of the subscriber listing, from 0. */
  page: z.int().min(0),
  /** KV list cursor where this page starts; absent on the first. */
  cursor: z.string().optional(),
});
export const DeliverMessage = z.object({ t: z.literal('deliver'), issue: IssueId, sub: z.string().min(1).max(64) });
export const RoundupMessage = z.discriminatedUnion('t', [FanOutMessage, DeliverMessage]);
export type FanOutMessage = z.infer<typeof FanOutMessage>;
export type DeliverMessage = z.infer<typeof DeliverMessage>;
export type RoundupMessage = z.infer<typeof RoundupMessage>;
