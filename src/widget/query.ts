import * as z from 'zod';
import { canonicalUrl } from '../http/canonical-url';
import { ProblemError, type FieldError } from '../http/problem';
import { LanguageTag, Slug } from '../schema/primitives';
import { KINDS, REGIONS } from '../schema/taxonomy';
import type { Scope } from '../schema/scope';
import type { PageFilter } from '../storage/page-reader';
import { DEFAULT_KIND, IMAGES, isUsableLang, LAYOUTS, LIMIT, THEMES, UTM_SOURCE, type ViewOptions } from './options';

const oneOf = (name: string, values: readonly string[]) => ({ error: `${name} must be one of ${values.join(', ')}` });
const slug = (name: string, example: string) =>
  z.string().refine((v) => Slug.safeParse(v).success, `${name} must be a ${name} slug such as "${example}"`);
const limitMessage = `limit must be a whole number from ${LIMIT.min} to ${LIMIT.max}`;

/** What /widget/latest.json selects by; widget.js sends exactly these. */
export const DataQuery = z.object({
  region: z.enum(REGIONS, oneOf('region', REGIONS)).optional(),
  tag: slug('tag', 'china').optional(),
  author: slug('author', 'li-wei').optional(),
  kind: z.enum(KINDS, oneOf('kind', KINDS)).default(DEFAULT_KIND),
  limit: z
    .string()
    .regex(/^\d{1,2}$/, limitMessage)
    .transform(Number)
    .pipe(z.number().min(LIMIT.min, limitMessage).max(LIMIT.max, limitMessage))
    .default(LIMIT.default),
});
export type DataQuery = z.infer<typeof DataQuery>;

/** /widget/frame takes the element's attributes as parameters, with the same names and defaults. */
export const FrameQuery = DataQuery.extend({
  theme: z.enum(THEMES, oneOf('theme', THEMES)).default('auto'),
  layout: z.enum(LAYOUTS, oneOf('layout', LAYOUTS)).default('list'),
  images: z.enum(IMAGES, oneOf('images', IMAGES)).default('on'),
  lang: z
    .string()
    .refine(
      (v) => LanguageTag.safeParse(v).success && isUsableLang(v),
      'lang must be a language tag Intl can format dates in, such as "en" or "fr-CA"',
    )
    .optional(),
  'utm-source': z
    .string()
    .regex(UTM_SOURCE, 'utm-source must be 1–64 letters, digits, ".", "_", "~" or "-"')
    .optional(),
});
export type FrameQuery = z.infer<typeof FrameQuery>;

/**
 * Reads the parameters a schema names; others (cache-busters, utm_*) are ignored and an empty one counts as
 * absent, as an HTML form sends "any region". Every invalid or repeated parameter is listed in one 400, each
 * with a `?name` pointer: widget.js drops exactly those and falls back to the defaults.
 */
export function parseQuery<S extends z.ZodObject>(url: URL, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const name of Object.keys(schema.shape)) {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) errors.push({ pointer: `?${name}`, detail: `${name} may be given once` });
    else if (values[0]) raw[name] = values[0];
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    errors.push(...parsed.error.issues.map((i) => ({ pointer: `?${String(i.path[0])}`, detail: i.message })));
  if (errors.length > 0 || !parsed.success)
    throw new ProblemError('bad-request', { detail: errors.map((e) => e.detail).join('; '), errors });
  return parsed.data;
}

/** What each schema's parameters are when absent, computed once per schema. */
const defaultsOf = new WeakMap<z.ZodObject, Record<string, unknown>>();

/**
 * The canonical URL of a widget request: the parameters `names` lists (by default every one the schema reads), in the
 * schema's order, each left out at its default. Everything else a request carried (cache-busters, utm_*) changes
 * nothing, so it names nothing here.
 */
export function canonicalQueryUrl<S extends z.ZodObject>(
  url: URL,
  schema: S,
  query: z.output<S>,
  names: readonly (keyof z.output<S> & string)[] = Object.keys(schema.shape),
): string {
  let defaults = defaultsOf.get(schema);
  if (defaults === undefined) defaultsOf.set(schema, (defaults = schema.parse({}) as Record<string, unknown>));
  const values = query as Record<string, string | number | undefined>;
  return canonicalUrl(
    url.origin,
    url.pathname,
    Object.keys(schema.shape)
      .filter((name) => names.includes(name) && values[name] !== defaults[name])
      .map((name) => [name, values[name]] as const),
  );
}

/** Most selective first: an author's or a tag's listing is shorter than a region's, and every kind's is longest. */
const SCOPE_ORDER = ['author', 'tag', 'region'] as const;

/** The listing to read (one KV prefix) and what narrows it further, answered from index metadata. */
export function pageSelection(q: DataQuery): { scope: Scope; filter: PageFilter } {
  const type = SCOPE_ORDER.find((t) => q[t] !== undefined);
  const scope: Scope = type === undefined ? { type: 'kind', slug: q.kind } : { type, slug: q[type] as string };
  const filter: PageFilter = {};
  for (const t of [...SCOPE_ORDER, 'kind'] as const) if (t !== scope.type && q[t] !== undefined) filter[t] = q[t];
  return { scope, filter };
}

export function viewOptions(q: FrameQuery, defaultLang: string): ViewOptions {
  return {
    limit: q.limit,
    layout: q.layout,
    theme: q.theme,
    images: q.images === 'on',
    lang: q.lang ?? defaultLang,
    utmSource: q['utm-source'],
  };
}
