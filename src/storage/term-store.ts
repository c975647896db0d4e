import { TAXONOMIES, type ScopeType, type TaxonomyName, type Term } from '../schema/taxonomy';
import { bulkGet } from './bulk-get';
import { termKey, termPrefix } from './keys';
import { parseRecord } from './records';

export function schemaFor(type: ScopeType) {
  return Object.values(TAXONOMIES).find((t) => t.scope === type)!.schema;
}

export function scopeOf(name: TaxonomyName): ScopeType {
  return TAXONOMIES[name].scope;
}

/** Taxonomy records (regions, kinds, tags, authors): one KV key each, so concurrent writers never collide. */
export class TermStore {
  constructor(private readonly kv: KVNamespace) {}

  async get(type: ScopeType, slug: string): Promise<Term | null> {
    return parseRecord(schemaFor(type), termKey(type, slug), await this.kv.get(termKey(type, slug)));
  }

  /** Stores a record; resolves to whether it was new. */
  async put(type: ScopeType, term: Term): Promise<'created' | 'updated' | 'unchanged'> {
    const key = termKey(type, term.slug);
    const value = JSON.stringify(term);
    const existing = await this.kv.get(key);
    if (existing === value) return 'unchanged';
    await this.kv.put(key, value);
    return existing === null ? 'created' : 'updated';
  }

  async delete(type: ScopeType, slug: string): Promise<boolean> {
    const key = termKey(type, slug);
    if ((await this.kv.get(key)) === null) return false;
    await this.kv.delete(key);
    return true;
  }

  /** Every record of one taxonomy, paging through KV's list (1000 keys a page). */
  async list(type: ScopeType): Promise<Term[]> {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.kv.list({ prefix: termPrefix(type), cursor });
      keys.push(...page.keys.map((k) => k.name));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    const terms: Term[] = [];
    for (const [key, text] of await bulkGet(this.kv, keys)) {
      const term = parseRecord(schemaFor(type), key, text);
      if (term) terms.push(term);
    }
    return terms.sort((a, b) => a.slug.localeCompare(b.slug));
  }
}
