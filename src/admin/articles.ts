import { Hono, type Context } from 'hono';
import { afterArticlesChanged, type ChangeContext } from './after-change';
import * as z from 'zod';
import type { AppEnv } from '../env';
import { config } from '../env';
import { limitBody, readJsonBody, validate } from '../http/json-body';
import { fieldErrors, problem, problemBody, ProblemError } from '../http/problem';
import { Article } from '../schema/article';
import { Slug } from '../schema/primitives';
import type { BatchItemResult } from '../storage/article-store';

/** A single article is at most ~1 MB of body HTML; JSON escaping and UTF-8 can multiply that. */
const ARTICLE_BODY_MAX = 4 * 1024 * 1024;
const BATCH_BODY_MAX = 16 * 1024 * 1024;
export const BATCH_MAX_ITEMS = 100;

const BatchBody = z.array(z.unknown()).min(1).max(BATCH_MAX_ITEMS, `at most ${BATCH_MAX_ITEMS} articles per batch`);

const changeContext = (c: Context<AppEnv>): ChangeContext => ({
  origin: new URL(c.req.url).origin,
  hub: config(c.env).WEBSUB_HUB,
  queue: config(c.env).CONTENT_QUEUE,
  generations: c.var.generations,
  waitUntil: (p) => c.executionCtx.waitUntil(p),
});

function pathSlug(raw: string): string {
  const slug = Slug.safeParse(raw);
  if (!slug.success) throw new ProblemError('not-found', { detail: 'No article has this slug.' });
  return slug.data;
}

/** The publishing API the CMS pushes articles to. */
export const adminArticles = new Hono<AppEnv>()
  .post('/batch', limitBody(BATCH_BODY_MAX), async (c) => {
    const items = validate(BatchBody, await readJsonBody(c));
    const instance = new URL(c.req.url).pathname;
    const valid: { index: number; article: Article }[] = [];
    const results: (BatchItemResult & { index: number })[] = [];
    items.forEach((item, index) => {
      const parsed = Article.safeParse(item);
      if (parsed.success) valid.push({ index, article: parsed.data });
      else {
        const slug = typeof item === 'object' && item !== null && 'slug' in item ? String(item.slug) : '';
        results.push({
          index,
          slug,
          status: 422,
          problem: problemBody('validation-failed', instance, { errors: fieldErrors(parsed.error, `/${index}`) }),
        });
      }
    });
    const written = await c.var.content.publishMany(
      valid.map((v) => v.article),
      instance,
    );
    written.results.forEach((result, i) => results.push({ index: valid[i]!.index, ...result }));
    afterArticlesChanged(changeContext(c), written.changed);
    results.sort((a, b) => a.index - b.index);
    const allOk = results.every((r) => r.status < 300);
    return c.json({ results }, allOk ? 200 : 207);
  })
  .get('/:slug', async (c) => {
    const article = await c.var.content.article(pathSlug(c.req.param('slug')));
    return article ? c.json(article) : problem(c, 'not-found', { detail: 'No article has this slug.' });
  })
  .put('/:slug', limitBody(ARTICLE_BODY_MAX), async (c) => {
    const article = validate(Article, await readJsonBody(c));
    if (article.slug !== c.req.param('slug')) {
      throw new ProblemError('validation-failed', {
        errors: [{ pointer: '#/slug', detail: 'must equal the slug in the URL' }],
      });
    }
    const outcome = await c.var.content.publish(article);
    if (outcome.status !== 'unchanged') afterArticlesChanged(changeContext(c), [outcome]);
    if (outcome.status === 'created') c.header('location', new URL(c.req.url).pathname);
    return c.json(outcome.current, outcome.status === 'created' ? 201 : 200);
  })
  .delete('/:slug', async (c) => {
    const deleted = await c.var.content.unpublish(pathSlug(c.req.param('slug')));
    if (deleted !== false) afterArticlesChanged(changeContext(c), [{ previous: deleted, current: null }]);
    return deleted !== false ? c.body(null, 204) : problem(c, 'not-found', { detail: 'No article has this slug.' });
  });
