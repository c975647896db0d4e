import type { Article } from '../schema/article';
import { scopesOf } from '../schema/scope';
import { feedPath } from './urls';
import { FORMAT_NAMES } from './formats';

/**
 * The feeds whose first page changes when these article versions (the old and the new one of an edit) change: every
 * scope either version is in, in every format. They are the WebSub topics a publish pings the hub about.
 */
export function changedTopics(origin: string, versions: readonly Article[]): string[] {
  const urls = new Set<string>();
  for (const article of versions) {
    for (const scope of scopesOf(article)) {
      for (const format of FORMAT_NAMES) urls.add(`${origin}${feedPath(scope, format)}`);
    }
  }
  return [...urls];
}
