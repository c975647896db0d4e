import type { Article } from '../schema/article';
import { scopesOf } from '../schema/scope';
import { feedPath, scopePagePath } from './urls';
import { FORMAT_NAMES } from './formats';

/**
 * URLs whose first page changes when these article versions (the old and the new one of an edit)
 * change: the directory, the OPML list, and for every scope either version is in, its HTML page,
 * its feed in every format, and its feed narrowed to each of their tags (`?tag=`). Older pages and
 * other `limit`s are not listed; they refresh when their freshness lifetime runs out.
 */
export function affectedFeedUrls(origin: string, versions: readonly Article[]): string[] {
  const urls = new Set<string>([`${origin}/`, `${origin}/feeds`, `${origin}/feeds.opml`]);
  for (const article of versions) {
    const scopes = scopesOf(article);
    for (const scope of scopes) {
      urls.add(`${origin}${scopePagePath(scope)}`);
      for (const format of FORMAT_NAMES) {
        urls.add(`${origin}${feedPath(scope, format)}`);
        if (scope.type === 'tag') continue;
        for (const tag of article.tags) urls.add(`${origin}${feedPath(scope, format)}?tag=${tag}`);
      }
    }
  }
  return [...urls];
}

/** The canonical (unparameterised) feed documents among them: the WebSub topics. */
export function topicUrls(urls: readonly string[]): string[] {
  return urls.filter((u) => /\/feeds\/.+\.(?:rss|atom|json)$/.test(u));
}
