import { KINDS, REGIONS, type ScopeType } from '../schema/taxonomy';
import type { Site } from '../schema/site';
import { scopeId, type Scope } from '../schema/scope';
import type { ScopeCounts } from '../storage/scope-counts';
import type { TaxonomySnapshot } from '../storage/taxonomy-snapshot';

export interface DirectoryEntry {
  scope: Scope;
  name: string;
  description?: string;
  count: number;
}

export interface DirectoryGroup {
  title: string;
  entries: DirectoryEntry[];
}

/**
 * Every feed the service offers, grouped as readers browse them: the whole site, regions (in the
 * publication's order), kinds, then tags and authors by name. Tags and authors are listed when the
 * taxonomy knows them or an article uses them. Shared by the HTML directory and the OPML export.
 */
export function feedDirectory(site: Site, snapshot: TaxonomySnapshot, counts: ScopeCounts): DirectoryGroup[] {
  const entry = (scope: Scope, name: string, description?: string): DirectoryEntry => ({
    scope,
    name,
    ...(description === undefined ? {} : { description }),
    count: counts.counts[scopeId(scope)] ?? 0,
  });
  const fromTaxonomy = (type: ScopeType, fixed?: readonly string[]) => {
    const slugs = new Set(fixed ?? Object.keys(snapshot[type]));
    if (!fixed)
      for (const key of Object.keys(counts.counts))
        if (key.startsWith(`${type}:`)) slugs.add(key.slice(type.length + 1));
    const entries = [...slugs].map((slug) =>
      entry({ type, slug }, snapshot[type][slug]?.name ?? slug, snapshot[type][slug]?.description),
    );
    return fixed ? entries : entries.sort((a, b) => a.name.localeCompare(b.name, site.language));
  };
  return [
    { title: 'Everything', entries: [entry({ type: 'all' }, site.name, site.description)] },
    { title: 'Regions', entries: fromTaxonomy('region', REGIONS) },
    { title: 'Kinds', entries: fromTaxonomy('kind', KINDS) },
    { title: 'Tags', entries: fromTaxonomy('tag') },
    { title: 'Authors', entries: fromTaxonomy('author') },
  ];
}
