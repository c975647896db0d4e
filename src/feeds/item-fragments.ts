/**
 * Feed items rendered when an article is published (src/storage/rendered-items.ts): for each format, the bytes its
 * renderer writes for the article as one item of any feed. An item is the same in every feed it appears in: it
 * depends on the article, the site (GUID prefix, category schemes, language), the taxonomy's names for its terms and
 * this code, so a stored value carries all of these but the article as its stamp, and is used only while they hold.
 *
 * A stored value (one per article, `item:<id>`: one KV write a publish, so a batch of 100 still fits an invocation's
 * 1,000 operations) is lines: the stamp (JSON); the item's `updated` (RFC 3339); a directory of one line a format (its
 * name, the digest of its bytes, their length and the length of their base64, separated by spaces); then the three
 * formats' bytes in base64, one after the other, so a reader finds its format without scanning the others. Reading
 * one parses nothing: the stamp is compared with the one this code would write for the index entry and taxonomy at
 * hand, and the bytes are decoded natively; a value of another length than its directory says, or whose bytes decode
 * to another length, is damaged and not used.
 *
 * Why base64 rather than the item's text: KV hands a value over as a string, and a string with any character beyond
 * Latin-1 (a curly quote, a dash) is held by V8 in UTF-16, which workerd's TextEncoder turns back into UTF-8 at about
 * 0.5 GB/s: 1.6 ms for a 100-item page, most of a miss. Base64 is ASCII, and Uint8Array.fromBase64 decodes it at over
 * 10 GB/s (0.05 ms for the same page); the value is a third larger, and the other two formats in it cost the runtime
 * about 0.1 ms more to hand over (ASCII decodes at over 20 GB/s). Measured in workerd: bench/README.md.
 */
import type { Article } from '../schema/article';
import { ALL } from '../schema/scope';
import type { Site } from '../schema/site';
import { base64 } from '../http/base64url';
import { sha256Base64url } from '../http/digest';
import { headEntry, type HeadEntry } from '../storage/head-index';
import type { ItemRenderer, RenderedItem } from '../storage/rendered-items';
import { emptySnapshot, type TaxonomySnapshot } from '../storage/taxonomy-snapshot';
import { renderBytes } from './byte-writer';
import type { FeedFormat } from './document';
import { feedMeta } from './feed-meta';
import { FORMAT_NAMES, FORMATS } from './formats';
import { prepareFeed } from './item';

/**
 * The version of what the renderers write for an item. Stored items of another version are not used (their records
 * are rendered instead) until they are rendered again. test/feeds/render-version.happy.test.ts fails when the golden
 * files change while this stays the same.
 */
export const RENDER_VERSION = 1;

/** The canonical UTC form toUtc gives (src/feeds/item.ts). */
const UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z$/;
/** A line of a value's directory: a format, the digest of its bytes (sha256Base64url), their length, its base64's. */
const DIRECTORY_LINE = /^([a-z]+) ([A-Za-z0-9_-]{24}) (\d+) (\d+)$/;
const NEWLINE = 10;

export class ItemFragments implements ItemRenderer {
  /** The site's part of every stamp: a JSON array's opening and first members, written once. */
  readonly #site: string;

  constructor(private readonly site: Site) {
    const meta = this.#meta([], emptySnapshot());
    this.#site = JSON.stringify([RENDER_VERSION, meta.guidPrefix, meta.categorySchemes, meta.language]).slice(0, -1);
  }

  async render(article: Article, taxonomy: TaxonomySnapshot): Promise<string> {
    const meta = this.#meta([article], taxonomy);
    const [item] = prepareFeed(meta, [article]);
    let directory = '';
    let bodies = '';
    for (const format of FORMAT_NAMES) {
      const renderer: FeedFormat = FORMATS[format];
      const context = renderer.itemContext(meta);
      const bytes = renderBytes((out) => renderer.writeItem(out, item!, context));
      const body = base64(bytes);
      directory += `${format} ${await sha256Base64url(bytes)} ${bytes.length} ${body.length}\n`;
      bodies += body;
    }
    return `${this.#stamp(headEntry(article), taxonomy)}\n${item!.updated}\n${directory}${bodies}`;
  }

  read(value: string, format: string, entry: HeadEntry, taxonomy: TaxonomySnapshot): RenderedItem | null {
    const stamp = this.#stamp(entry, taxonomy);
    if (!value.startsWith(stamp) || value.charCodeAt(stamp.length) !== NEWLINE) return null;
    let at = stamp.length + 1;
    const line = (): string | null => {
      const end = value.indexOf('\n', at);
      if (end < 0) return null;
      const text = value.slice(at, end);
      at = end + 1;
      return text;
    };
    const updated = line();
    if (updated === null || !UTC.test(updated)) return null;
    let wanted: { digest: string; length: number; from: number; to: number } | null = null;
    let offset = 0;
    for (let i = 0; i < FORMAT_NAMES.length; i++) {
      const entryLine = DIRECTORY_LINE.exec(line() ?? '');
      if (entryLine === null) return null;
      const [, name, digest, length, size] = entryLine;
      if (name === format)
        wanted = { digest: digest!, length: Number(length), from: offset, to: offset + Number(size) };
      offset += Number(size);
    }
    // A value cut short, or with anything after its bodies, is damaged.
    if (wanted === null || value.length !== at + offset) return null;
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.fromBase64(value.slice(at + wanted.from, at + wanted.to));
    } catch {
      return null;
    }
    if (bytes.length !== wanted.length) return null;
    return { bytes, digest: wanted.digest, updated, updatedMs: Date.parse(updated) };
  }

  #meta(articles: readonly Article[], taxonomy: TaxonomySnapshot) {
    return feedMeta({
      site: this.site,
      scope: ALL,
      snapshot: taxonomy,
      articles,
      selfUrl: this.site.url,
      ttlMinutes: 1,
    });
  }

  /** Everything an item depends on but the article's own text: site, renderer, date, classification, term names. */
  #stamp({ s, k, r, t, a }: HeadEntry, taxonomy: TaxonomySnapshot): string {
    // The names as termLabel gives them (src/feeds/item.ts): the slug where the taxonomy has none.
    const names = [
      taxonomy.kind[k]?.name ?? k,
      ...r.map((slug) => taxonomy.region[slug]?.name ?? slug),
      ...t.map((slug) => taxonomy.tag[slug]?.name ?? slug),
    ];
    return `${this.#site},${JSON.stringify([s, k, r, t, a, names]).slice(1)}`;
  }
}

const renderers = new WeakMap<Site, ItemFragments>();

/** The renderer of a site's items, one per isolate (the site is parsed once per isolate, src/env.ts). */
export function itemFragmentsFor(site: Site): ItemFragments {
  let renderer = renderers.get(site);
  if (renderer === undefined) renderers.set(site, (renderer = new ItemFragments(site)));
  return renderer;
}
