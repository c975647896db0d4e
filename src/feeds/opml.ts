import type { Site } from '../schema/site';
import { feedPath, scopePagePath } from './urls';
import type { DirectoryGroup } from './directory';
import { escapeAttribute } from './xml';

/**
 * OPML 2.0 (http://opml.org/spec2.opml) subscription list of every feed, one outline group per
 * directory group, for bulk import into a reader. RSS URLs, the format every reader imports.
 */
export function renderOpml(site: Site, origin: string, groups: readonly DirectoryGroup[]): string {
  const a = escapeAttribute;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${a(site.name)} feeds</title>`,
    `    <ownerName>${a(site.name)}</ownerName>`,
    `    <docs>http://opml.org/spec2.opml</docs>`,
    '  </head>',
    '  <body>',
  ];
  for (const group of groups) {
    if (group.entries.length === 0) continue;
    lines.push(`    <outline text="${a(group.title)}" title="${a(group.title)}">`);
    for (const e of group.entries) {
      const title = e.scope.type === 'all' ? site.name : `${site.name} — ${e.name}`;
      const description = e.description === undefined ? '' : ` description="${a(e.description)}"`;
      lines.push(
        `      <outline type="rss" version="RSS2" text="${a(title)}" title="${a(title)}"${description} xmlUrl="${a(origin + feedPath(e.scope, 'rss'))}" htmlUrl="${a(origin + scopePagePath(e.scope))}" language="${a(site.language)}"/>`,
      );
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
