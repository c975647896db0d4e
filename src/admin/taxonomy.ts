import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { config, type AppEnv } from '../env';
import { limitBody, readJsonBody, validate } from '../http/json-body';
import { fromStorage, WRITE_DEADLINE_MS } from '../http/storage-unavailable';
import { fieldErrors, problem, problemBody, ProblemError } from '../http/problem';
import { Slug } from '../schema/primitives';
import { TAXONOMY_NAMES, type TaxonomyName, type Term } from '../schema/taxonomy';
import { forgetSnapshot } from '../storage/taxonomy-snapshot';
import { schemaFor, scopeOf, TermStore } from '../storage/term-store';

const TERM_BODY_MAX = 64 * 1024;
const BATCH_BODY_MAX = 2 * 1024 * 1024;
const BatchBody = z.array(z.unknown()).min(1).max(100, 'at most 100 records per batch');
const TaxonomyParam = z.enum(TAXONOMY_NAMES as [TaxonomyName, ...TaxonomyName[]]);

function taxonomy(raw: string) {
  const name = TaxonomyParam.safeParse(raw);
  if (!name.success) throw new ProblemError('not-found', { detail: `Taxonomies are ${TAXONOMY_NAMES.join(', ')}.` });
  const type = scopeOf(name.data);
  return { type, schema: schemaFor(type) };
}

function termSlug(raw: string): string {
  const slug = Slug.safeParse(raw);
  if (!slug.success) throw new ProblemError('not-found', { detail: 'No record has this slug.' });
  return slug.data;
}

const store = (c: Context<AppEnv>) => new TermStore(c.var.content);

/** Regions, kinds, tags and authors: display names and descriptions that feed titles come from. */
export const adminTaxonomy = new Hono<AppEnv>()
  // Feeds of this isolate use the new names at once, whatever the write's outcome; other isolates within SNAPSHOT_REUSE_MS.
  .use(async function forgetSnapshotAfterWrite(c, next) {
    await next();
    if (c.req.method !== 'GET') forgetSnapshot(config(c.env).CONTENT);
  })
  .get('/:taxonomy', async (c) => {
    const { type } = taxonomy(c.req.param('taxonomy'));
    return c.json(await fromStorage('list taxonomy', () => store(c).list(type), WRITE_DEADLINE_MS));
  })
  .post('/:taxonomy/batch', limitBody(BATCH_BODY_MAX), async (c) => {
    const { type, schema } = taxonomy(c.req.param('taxonomy'));
    const items = validate(BatchBody, await readJsonBody(c));
    const instance = new URL(c.req.url).pathname;
    const valid: { index: number; term: Term }[] = [];
    const results: ({ index: number; status: number } & Record<string, unknown>)[] = [];
    items.forEach((item, index) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) valid.push({ index, term: parsed.data });
      else
        results.push({
          index,
          status: 422,
          problem: problemBody('validation-failed', instance, { errors: fieldErrors(parsed.error, `/${index}`) }),
        });
    });
    const written = await fromStorage(
      'write taxonomy',
      () =>
        store(c).put(
          type,
          valid.map((v) => v.term),
        ),
      WRITE_DEADLINE_MS,
    );
    written.forEach((result, i) => {
      const { index, term } = valid[i]!;
      results.push({ index, slug: term.slug, status: result === 'created' ? 201 : 200, result });
    });
    results.sort((a, b) => a.index - b.index);
    return c.json({ results }, results.every((r) => r.status < 300) ? 200 : 207);
  })
  .get('/:taxonomy/:slug', async (c) => {
    const { type } = taxonomy(c.req.param('taxonomy'));
    const term = await fromStorage('read taxonomy', () => store(c).get(type, termSlug(c.req.param('slug'))));
    return term ? c.json(term) : problem(c, 'not-found', { detail: `No ${type} has this slug.` });
  })
  .put('/:taxonomy/:slug', limitBody(TERM_BODY_MAX), async (c) => {
    const { type, schema } = taxonomy(c.req.param('taxonomy'));
    const term = validate(schema, await readJsonBody(c));
    if (term.slug !== c.req.param('slug')) {
      throw new ProblemError('validation-failed', {
        errors: [{ pointer: '#/slug', detail: 'must equal the slug in the URL' }],
      });
    }
    const [result] = await fromStorage('write taxonomy', () => store(c).put(type, [term]), WRITE_DEADLINE_MS);
    if (result === 'created') c.header('location', new URL(c.req.url).pathname);
    return c.json(term, result === 'created' ? 201 : 200);
  })
  .delete('/:taxonomy/:slug', async (c) => {
    const { type } = taxonomy(c.req.param('taxonomy'));
    const deleted = await fromStorage(
      'delete taxonomy',
      () => store(c).delete(type, termSlug(c.req.param('slug'))),
      WRITE_DEADLINE_MS,
    );
    return deleted ? c.body(null, 204) : problem(c, 'not-found', { detail: `No ${type} has this slug.` });
  });
