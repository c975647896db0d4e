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
});
export type Site = z.infer<typeof Site>;
