import * as z from 'zod';

/** URL path segment used in KV keys and feed URLs: lower-case ASCII words joined by single hyphens. */
export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by single hyphens');

/** Absolute http(s) URL; anything else (javascript:, data:, relative) is refused at the door. */
export const HttpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'must be an absolute http(s) URL' })
  .max(2048);

/** RFC 3339 timestamp with an explicit offset, as the CMS sends it. */
export const Timestamp = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time with a time zone' });

/** BCP 47 language tag (RFC 5646), the subset feeds and HTML `lang` accept. */
export const LanguageTag = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "en-GB"');

/** An array whose items are unique; duplicates in taxonomy lists would double-index an article. */
export function uniqueList<T extends z.ZodType>(item: T, min: number, max: number) {
  return z
    .array(item)
    .min(min)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'must not contain duplicates');
}
