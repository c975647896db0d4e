import * as z from 'zod';
import { HttpUrl, LanguageTag } from './primitives';

/** The publication itself; configured in wrangler.toml `[vars.SITE]`. */
export const Site = z.strictObject({
  name: z.string().min(1).max(120),
  url: HttpUrl,
  description: z.string().min(1).max(1000),
  language: LanguageTag,
  icon: HttpUrl,
  logo: HttpUrl,
  copyright: z.string().min(1).max(300),
  /**
   * Authority and date of the tag URIs (RFC 4151) that are every feed's and item's permanent id,
   * e.g. "meridian-review.example,2024". Never change it once feeds are public: readers would see
   * every article as new.
   */
  tagAuthority: z.string().regex(/^[a-z0-9.-]+,\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'must look like "example.com,2024"'),
});
export type Site = z.infer<typeof Site>;
