import * as z from 'zod';
import { HttpUrl, LanguageTag, Slug, Timestamp, uniqueList } from './primitives';
import { Kind, Region } from './taxonomy';

/** Stable article id; it becomes part of every feed GUID, so it is restricted to characters safe in a URI. */
export const ArticleId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]*$/, 'must be letters, digits, ".", "_", "~" or "-"');

export const ArticleAuthor = z.strictObject({
  slug: Slug,
  name: z.string().trim().min(1).max(200),
  url: HttpUrl.optional(),
});

export const ArticleImage = z.strictObject({
  url: HttpUrl,
  alt: z.string().trim().min(1, 'must describe the image').max(500),
  caption: z.string().max(1000).optional(),
  credit: z.string().max(300).optional(),
  width: z.int().positive().max(20000).optional(),
  height: z.int().positive().max(20000).optional(),
  type: z
    .string()
    .regex(/^image\/[a-z0-9.+-]+$/, 'must be an image MIME type such as "image/jpeg"')
    .optional(),
  length: z.int().positive().max(100_000_000).optional(),
});

const articleFields = {
  id: ArticleId,
  slug: Slug,
  url: HttpUrl,
  title: z.string().trim().min(1).max(500),
  dek: z.string().trim().min(1).max(1000),
  kind: Kind,
  regions: uniqueList(Region, 1, 7),
  tags: uniqueList(Slug, 0, 20),
  authors: z
    .array(ArticleAuthor)
    .min(1)
    .max(10)
    .refine((list) => new Set(list.map((a) => a.slug)).size === list.length, 'must not list an author twice'),
  publishedAt: Timestamp,
  updatedAt: Timestamp.optional(),
  image: ArticleImage.optional(),
  bodyHtml: z.string().min(1).max(1_000_000),
  excerpt: z.string().max(5000).optional(),
  language: LanguageTag,
};

const updatedNotBeforePublished = (a: { publishedAt: string; updatedAt?: string | undefined }) =>
  a.updatedAt === undefined || Date.parse(a.updatedAt) >= Date.parse(a.publishedAt);
const updatedOrder = { path: ['updatedAt'], message: 'must not be earlier than publishedAt' };

/** The publishing contract: the CMS sends exactly these field names. */
export const Article = z.strictObject(articleFields).refine(updatedNotBeforePublished, updatedOrder);

/**
 * An article as stored in KV: the Article, its `bodyHtml` sanitized, and `sanitizer`, the version of the sanitizer
 * that cleaned it (src/content/sanitize.ts). Records written before the sanitizer existed have no `sanitizer`.
 */
export const ArticleRecord = z
  .strictObject({ ...articleFields, sanitizer: z.int().nonnegative().optional() })
  .refine(updatedNotBeforePublished, updatedOrder);

export type Article = z.infer<typeof Article>;
export type ArticleAuthor = z.infer<typeof ArticleAuthor>;
export type ArticleImage = z.infer<typeof ArticleImage>;

/** Epoch ms of the newest publication or edit among `articles` (-Infinity for none): a page's Last-Modified. */
export function latestChange(articles: readonly Article[]): number {
  return Math.max(...articles.map((a) => Date.parse(a.updatedAt ?? a.publishedAt)));
}
