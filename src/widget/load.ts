import { latestChange } from '../schema/article';
import { ProblemError, type FieldError } from '../http/problem';
import type { Site } from '../schema/site';
import type { ContentStore } from '../storage/content-store';
import { widgetData, type WidgetData } from './latest-json';
import { pageSelection, type DataQuery } from './query';

/**
 * The newest articles a widget asks for, with the taxonomy names, in two KV operations (the scope's head index, one
 * bulk read). A tag or author that neither the taxonomy nor any article knows is a 404 naming the parameter, so
 * widget.js can drop it like an invalid one; regions and kinds are fixed lists, checked by the query.
 */
export async function loadWidgetData(
  content: ContentStore,
  site: Site,
  q: DataQuery,
): Promise<{ data: WidgetData; lastModified: number }> {
  const page = await content.page({ ...pageSelection(q), limit: q.limit });
  const snapshot = page.taxonomy;
  if (page.articles.length === 0) {
    const errors: FieldError[] = [];
    if (q.tag !== undefined && snapshot.tag[q.tag] === undefined)
      errors.push({ pointer: '?tag', detail: `there is no tag "${q.tag}"` });
    if (q.author !== undefined && snapshot.author[q.author] === undefined)
      errors.push({ pointer: '?author', detail: `there is no author "${q.author}"` });
    if (errors.length > 0)
      throw new ProblemError('not-found', { detail: errors.map((e) => e.detail).join('; '), errors });
  }
  return {
    data: widgetData(site, snapshot, q, page.articles),
    lastModified: latestChange(page.articles),
  };
}
