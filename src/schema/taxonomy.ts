import * as z from 'zod';
import { HttpUrl, Slug } from './primitives';

/** The seven regions the publication files under; the first of an article's regions is its primary one. */
export const REGIONS = [
  'asia-pacific',
  'middle-east',
  'europe',
  'africa',
  'latin-america',
  'north-america',
  'global',
] as const;
export const Region = z.enum(REGIONS);
export type Region = z.infer<typeof Region>;

/** Article kinds; "brief" is the site's short news item. */
export const KINDS = ['analysis', 'news', 'opinion', 'brief'] as const;
export const Kind = z.enum(KINDS);
export type Kind = z.infer<typeof Kind>;

const termFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).optional(),
};

export const RegionTerm = z.strictObject({ slug: Region, ...termFields });
export const KindTerm = z.strictObject({ slug: Kind, ...termFields });
export const TagTerm = z.strictObject({ slug: Slug, ...termFields });
export const AuthorTerm = z.strictObject({ slug: Slug, ...termFields, url: HttpUrl.optional() });

export type RegionTerm = z.infer<typeof RegionTerm>;
export type KindTerm = z.infer<typeof KindTerm>;
export type TagTerm = z.infer<typeof TagTerm>;
export type AuthorTerm = z.infer<typeof AuthorTerm>;

/** Taxonomy kinds as they appear in admin URLs (`/admin/tags/:slug`) and feed URLs (`/feeds/tag/:slug`). */
export const TAXONOMIES = {
  regions: { scope: 'region', schema: RegionTerm },
  kinds: { scope: 'kind', schema: KindTerm },
  tags: { scope: 'tag', schema: TagTerm },
  authors: { scope: 'author', schema: AuthorTerm },
} as const;
export type TaxonomyName = keyof typeof TAXONOMIES;
export type ScopeType = (typeof TAXONOMIES)[TaxonomyName]['scope'];
export type Term = RegionTerm | KindTerm | TagTerm | AuthorTerm;
export const TAXONOMY_NAMES = Object.keys(TAXONOMIES) as TaxonomyName[];
