import { TAXONOMIES, type ScopeType, type TaxonomyName, type Term } from '../schema/taxonomy';
import { bulkGet } from './bulk-get';
import { listKeys } from './list-keys';
import { termKey, termPrefix } from './keys';
import { parseRecord } from './records';
import { buildSnapshot, SNAPSHOT_KEY } from './taxonomy-snapshot';

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

  /** Stores records of one taxonomy, then refreshes the snapshot once; resolves to what happened to each. */
  async put(type: ScopeType, terms: Term[]): Promise<('created' | 'updated' | 'unchanged')[]> {
    const existing = await bulkGet(
      this.kv,
      terms.map((t) => termKey(type, t.slug)),
    );
    const results = await Promise.all(
      terms.map(async (term) => {
        const key = termKey(type, term.slug);
        const value = JSON.stringify(term);
        const before = existing.get(key) ?? null;
        if (before === value) return 'unchanged';
        await this.kv.put(key, value);
        return before === null ? 'created' : 'updated';
      }),
    );
    if (results.some((r) => r !== 'unchanged')) await this.refreshSnapshot();
    return results;
  }

  async delete(type: ScopeType, slug: string): Promise<boolean> {
    const key = termKey(type, slug);
    if ((await this.kv.get(key)) === null) return false;
    await this.kv.delete(key);
    await this.refreshSnapshot();
    return true;
  }

  /**
   * Rebuilds the taxonomy snapshot from the records; resolves to whether it changed. A failure here (KV allows one
   * write per second per key, so simultaneous rebuilds can be refused) is logged, not thrown: the records themselves
   * are stored, and the scheduled rebuild catches up.
   */
  async refreshSnapshot(): Promise<boolean> {
    try {
      const [region, kind, tag, author] = await Promise.all(
        (['region', 'kind', 'tag', 'author'] as const).map((t) => this.list(t)),
      );
      const value = JSON.stringify(buildSnapshot({ region: region!, kind: kind!, tag: tag!, author: author! }));
      if ((await this.kv.get(SNAPSHOT_KEY)) === value) return false;
      await this.kv.put(SNAPSHOT_KEY, value);
      return true;
    } catch (error) {
      console.error(JSON.stringify({ event: 'snapshot.refresh_failed', error: String(error) }));
      return false;
    }
  }

  /** Every record of one taxonomy, paging through KV's list (1000 keys a page). */
  async list(type: ScopeType): Promise<Term[]> {
    const terms: Term[] = [];
    for (const [key, text] of await bulkGet(this.kv, await listKeys(this.kv, termPrefix(type)))) {
      const term = parseRecord(schemaFor(type), key, text);
      if (term) terms.push(term);
    }
    return terms.sort((a, b) => a.slug.localeCompare(b.slug));
  }
}
