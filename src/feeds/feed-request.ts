import * as z from 'zod';
import { canonicalUrl } from '../http/canonical-url';
import { ProblemError } from '../http/problem';
import { Slug } from '../schema/primitives';
import type { Scope } from '../schema/scope';
import { FORMAT_NAMES, type Format } from './formats';
import { feedPath, parseScope } from './urls';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** What a feed URL asks for. */
export interface FeedRequest {
  scope: Scope;
  format: Format;
  limit: number;
  /** Narrows the scope to articles that also carry this tag. */
  tag?: string;
  cursor?: string;
}

const notFound = (detail: string) => new ProblemError('not-found', { detail });

/** `/feeds/all.rss` → segment undefined, file "all.rss"; `/feeds/region/europe.atom` → "region", "europe.atom". */
export function parseFeedPath(segment: string | undefined, file: string): { scope: Scope; format: Format } {
  const dot = file.lastIndexOf('.');
  const name = dot < 0 ? file : file.slice(0, dot);
  const ext = dot < 0 ? '' : file.slice(dot + 1);
  if (!(FORMAT_NAMES as string[]).includes(ext)) {
    throw notFound(`Feeds end in ${FORMAT_NAMES.map((f) => `.${f}`).join(', ')}.`);
  }
  const format = ext as Format;
  if (segment === undefined) {
    if (name !== 'all') throw notFound('The site-wide feed is /feeds/all.{rss,atom,json}.');
    return { scope: { type: 'all' }, format };
  }
  return { scope: parseScope(segment, name), format };
}

const LimitParam = z
  .string()
  .regex(/^\d{1,3}$/, `limit must be a whole number from 1 to ${MAX_LIMIT}`)
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, `limit must be a whole number from 1 to ${MAX_LIMIT}`)
      .max(MAX_LIMIT, `limit must be a whole number from 1 to ${MAX_LIMIT}`),
  );

const badRequest = (pointer: string, detail: string) =>
  new ProblemError('bad-request', { detail, errors: [{ pointer, detail }] });

/** Reads `limit`, `tag` and `cursor`; any other parameter (e.g. utm_*) is ignored, a repeated or invalid one is a 400. */
export function parseFeedQuery(url: URL, scope: Scope): Pick<FeedRequest, 'limit' | 'tag' | 'cursor'> {
  const single = (name: string): string | undefined => {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) throw badRequest(`?${name}`, `${name} may be given once`);
    return values[0];
  };
  const rawLimit = single('limit');
  const limit =
    rawLimit === undefined ? { success: true as const, data: DEFAULT_LIMIT } : LimitParam.safeParse(rawLimit);
  if (!limit.success) throw badRequest('?limit', limit.error.issues[0]!.message);

  const rawTag = single('tag');
  let tag: string | undefined;
  if (rawTag !== undefined) {
    const parsed = Slug.safeParse(rawTag);
    if (!parsed.success) throw badRequest('?tag', 'tag must be a tag slug such as "china"');
    if (scope.type === 'tag') throw badRequest('?tag', 'a tag feed cannot be narrowed to another tag');
    tag = parsed.data;
  }
  const cursor = single('cursor');
  if (cursor !== undefined && (cursor.length === 0 || cursor.length > 2000))
    throw badRequest('?cursor', 'cursor is not valid');
  return { limit: limit.data, ...(tag === undefined ? {} : { tag }), ...(cursor === undefined ? {} : { cursor }) };
}

/**
 * The canonical URL of a feed page: `tag`, `limit` (left out at its default) and `cursor`, in that order. It is the
 * page's cache key and its `rel="self"`, whatever else the request carried.
 */
export function canonicalFeedUrl(origin: string, req: FeedRequest): string {
  return canonicalUrl(origin, feedPath(req.scope, req.format), [
    ['tag', req.tag],
    ['limit', req.limit === DEFAULT_LIMIT ? undefined : req.limit],
    ['cursor', req.cursor],
  ]);
}
