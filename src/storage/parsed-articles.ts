/**
 * Articles this isolate has parsed and validated, each held with the exact KV text it came from. A miss still reads
 * every article of its page from KV (the value is the source of truth, and another isolate or location may have
 * replaced it), but when the text read is the text held, the article parsed from it before is used again instead of
 * running JSON.parse and the record schema (and, for a record from an older sanitizer, the sanitizer) once more.
 * Feeds of different scopes and formats share their newest articles, so in a warm isolate most of a miss's articles
 * are already parsed; `npm run bench:http` measures a miss both ways ("CPU per uncached request").
 *
 * Articles handed out are frozen: they are shared by every request of the isolate, and a renderer that wrote to one
 * would throw instead of changing what the next request reads.
 */
import { StoredArticle } from '../content/article-record';
import type { Article } from '../schema/article';
import { parseRecord } from './records';

/** Well inside the 128 MB an isolate has, beside the 16 MB of cached answers (src/http/hot-cache.ts). */
const MAX_CHARS = 4 << 20;

export class ParsedArticles {
  /** Map order is recency order: the first entry is the least recently used. */
  readonly #entries = new Map<string, { text: string; article: Article }>();
  #chars = 0;

  constructor(private readonly maxChars = MAX_CHARS) {}

  /** The article stored under `key` as `text`, parsed and validated; null for no value or an invalid one (logged). */
  parse(key: string, text: string | null): Article | null {
    const held = this.#entries.get(key);
    if (held !== undefined) {
      this.#entries.delete(key);
      this.#chars -= held.text.length;
      if (held.text === text) return this.#hold(key, held.text, held.article);
    }
    if (text === null) return null;
    const article = parseRecord(StoredArticle, key, text);
    return article === null ? null : this.#hold(key, text, deepFreeze(article));
  }

  #hold(key: string, text: string, article: Article): Article {
    if (text.length > this.maxChars) return article;
    this.#entries.set(key, { text, article });
    this.#chars += text.length;
    for (const [oldest, entry] of this.#entries) {
      if (this.#chars <= this.maxChars) break;
      this.#entries.delete(oldest);
      this.#chars -= entry.text.length;
    }
    return article;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/** The isolate's parsed articles, shared by every request. */
export const isolateParsedArticles = new ParsedArticles();
