/**
 * XML 1.0 escaping for the feed renderers.
 *
 * Everything a renderer writes passes through one of these functions, and each of them also removes the code
 * points XML 1.0 forbids (§2.2, production [2] Char): C0 controls other than TAB, LF and CR, U+FFFE, U+FFFF and
 * unpaired surrogates. A single such character makes the whole document unparseable, so it is dropped rather than
 * escaped — XML 1.0 has no escape for it (`&#1;` is just as illegal).
 *
 * Each function first runs one precompiled test: most strings need no change and are returned as they are.
 * https://www.w3.org/TR/xml/#charsets
 */
import type { ByteWriter } from './byte-writer';

/* eslint-disable no-control-regex -- matching the control characters XML forbids is the point of these patterns */

/** Exactly the forbidden code points. Paired surrogates (emoji, rare CJK) are valid and survive. */
const INVALID_CHAR =
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVALID_CHARS = new RegExp(INVALID_CHAR.source, 'g');

/*
 * Cheap screens. Without the `u` flag a character class is several times faster than the precise pattern above;
 * the price is that any surrogate — paired ones included — sends the string down the slow path, which is still
 * correct, just not free.
 */
const MAYBE_INVALID = /[\0-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const TEXT_SPECIAL = /[&<>\r\0-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_SPECIAL = /[&<>"'\t\n\r\0-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_ESCAPED = /[&<>"'\t\n\r]/g;
const TEXT_ESCAPED = /[&<>\r]/g;
const MARKUP_CHARACTER = /[&<]/;

/* eslint-enable no-control-regex */

/*
 * TAB, LF and CR are written as character references in attributes because attribute-value normalisation
 * (XML §3.3.3) would turn them into spaces, and CR as a reference in text because end-of-line handling (§2.11)
 * would turn it into LF; written as references they reach the reader unchanged.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function entity(char: string): string {
  return ENTITIES[char] ?? char;
}

/**
 * The RSS Best Practices Profile's encoding of `&` and `<` in plain-text elements ("Encoding", rssboard.org/rss-profile):
 * hexadecimal character references, by which a reader — and the W3C validator — tells a typed `&` or `<` from markup.
 */
const PLAIN_ENTITIES: Readonly<Record<string, string>> = { ...ENTITIES, '&': '&#x26;', '<': '&#x3C;' };

function plainEntity(char: string): string {
  return PLAIN_ENTITIES[char] ?? char;
}

/** Removes the code points XML 1.0 cannot carry; everything else, including emoji and RTL text, is kept. */
export function stripInvalidXmlChars(text: string): string {
  return MAYBE_INVALID.test(text) ? text.replace(INVALID_CHARS, '') : text;
}

/** Character data for element content: `&`, `<` and `>` escaped, CR as `&#13;`, invalid characters removed. */
export function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return stripInvalidXmlChars(text).replace(TEXT_ESCAPED, entity);
}

/**
 * Plain text for an element readers show as text and that has no `type` to say so (RSS title, dc:creator and category,
 * Atom person names, media:credit): as escapeText, but `&` and `<` as `&#x26;` and `&#x3C;` (RSS Best Practices
 * Profile), so the text is not taken for escaped HTML: the W3C validator's CharacterData and ContainsHTML warnings stay
 * away, except for text holding what looks like an HTML end tag (`</script>`), which it flags however it is written.
 */
export function escapePlainText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return stripInvalidXmlChars(text).replace(TEXT_ESCAPED, plainEntity);
}

/** Plain text as the content of an element that holds HTML (RSS description, type="html"): escaped twice. */
export function escapeTextAsHtml(text: string): string {
  return escapeText(escapeText(text));
}

/**
 * Plain text as an element with a `type` attribute that says what it holds (Atom text constructs, RFC 4287 §3.1;
 * media:description): `type="text"` (or `textType`) as it is, or, when the text holds `&` or `<`, `type="html"` with
 * the text escaped as HTML. Readers show the same characters either way; as HTML, nothing in the text can be mistaken
 * for markup (the W3C validator's ContainsUndeclaredHTML).
 */
export function typedText(element: string, text: string, textType = 'text'): string {
  return MARKUP_CHARACTER.test(text)
    ? `<${element} type="html">${escapeTextAsHtml(text)}</${element}>`
    : `<${element} type="${textType}">${escapeText(text)}</${element}>`;
}

const encoder = new TextEncoder();
/**
 * The UTF-8 of the text `writeEscapedText` is escaping, reused from call to call, and a view to read it by words. One
 * grown for an exceptionally long text (article bodies may reach a million characters) is not kept.
 */
let raw = new Uint8Array(16 * 1024);
let rawView = new DataView(raw.buffer);
const RAW_RETAINED = 1024 * 1024;

/**
 * Writes `escapeText(text)` as UTF-8 — the same bytes — without building the escaped string, for long markup carried
 * as text (Atom `content`): the text is encoded natively, then copied into `out` with the references put in. `&`, `<`,
 * `>` and CR are ASCII, and an ASCII byte never occurs inside the encoding of another character, so escaping the bytes
 * is escaping the characters. Text with a character XML forbids, which must be removed first, takes the string route.
 */
export function writeEscapedText(out: ByteWriter, text: string): void {
  // A UTF-16 code unit encodes to at most 3 bytes (a surrogate pair, two units, to 4).
  let source = raw;
  let sourceView = rawView;
  if (source.length < text.length * 3) {
    source = new Uint8Array(Math.max(text.length * 3, raw.length * 2));
    sourceView = new DataView(source.buffer);
    if (source.length <= RAW_RETAINED) [raw, rawView] = [source, sourceView];
  }
  const length = encoder.encodeInto(text, source).written;
  // A byte becomes at most 5 bytes: `&amp;` and `&#13;`.
  const end = escapeBytes(source, sourceView, length, out.claim(length * 5), out.view, out.length);
  if (end === -1) out.write(escapeText(text));
  else out.commit(end);
}

/**
 * Copies `source[0, length)` — UTF-8 — into `bytes` from `at` on with `&`, `<`, `>` and CR escaped (the DataViews are
 * of the same buffers); the end offset, or -1 at a byte that may stand for a character XML 1.0 forbids: a C0 control
 * other than TAB/LF/CR, or U+FFFE, U+FFFF and U+FFFD (what encodeInto writes for a lone surrogate, so it cannot be
 * told from one here).
 *
 * Four bytes at a time while none of them needs a look: `(v - 0x01010101) & ~v & 0x80808080` is non-zero exactly when
 * a byte of v is zero (so `v ^ 0x26262626` tests for `&`), and with 0x20202020 when a byte is below 0x20.
 */
function escapeBytes(
  source: Uint8Array,
  sourceView: DataView,
  length: number,
  bytes: Uint8Array,
  view: DataView,
  at: number,
): number {
  const wordsEnd = length & ~3;
  let i = 0;
  while (i < length) {
    if ((i & 3) === 0) {
      while (i < wordsEnd) {
        const v = sourceView.getInt32(i, true);
        const angle = (v | 0x02020202) ^ 0x3e3e3e3e; // `<` (0x3c) and `>` (0x3e) both become zero, nothing else does
        const amp = v ^ 0x26262626;
        const ef = v ^ 0xefefefef;
        const look =
          ((v - 0x20202020) & ~v) |
          ((angle - 0x01010101) & ~angle) |
          ((amp - 0x01010101) & ~amp) |
          ((ef - 0x01010101) & ~ef);
        if ((look & 0x80808080) !== 0) break;
        view.setInt32(at, v, true);
        at += 4;
        i += 4;
      }
      if (i >= length) break;
    }
    const b = source[i] as number;
    if (b > 0x3e && b !== 0xef) {
      bytes[at++] = b; // letters, most punctuation and non-ASCII: nothing to do
    } else if (b === 0x3c) {
      bytes[at] = 0x26; // &lt;
      bytes[at + 1] = 0x6c;
      bytes[at + 2] = 0x74;
      bytes[at + 3] = 0x3b;
      at += 4;
    } else if (b === 0x3e) {
      bytes[at] = 0x26; // &gt;
      bytes[at + 1] = 0x67;
      bytes[at + 2] = 0x74;
      bytes[at + 3] = 0x3b;
      at += 4;
    } else if (b === 0x26) {
      bytes[at] = 0x26; // &amp;
      bytes[at + 1] = 0x61;
      bytes[at + 2] = 0x6d;
      bytes[at + 3] = 0x70;
      bytes[at + 4] = 0x3b;
      at += 5;
    } else if (b >= 0x80) {
      // 0xEF leads U+F000–U+FFFF; U+FFFD–U+FFFF (EF BF BD–BF) go by the string route.
      if (source[i + 1] === 0xbf && (source[i + 2] as number) >= 0xbd) return -1;
      bytes[at++] = b;
    } else if (b >= 0x20 || b === 0x0a || b === 0x09) {
      bytes[at++] = b;
    } else if (b === 0x0d) {
      bytes[at] = 0x26; // &#13;
      bytes[at + 1] = 0x23;
      bytes[at + 2] = 0x31;
      bytes[at + 3] = 0x33;
      bytes[at + 4] = 0x3b;
      at += 5;
    } else {
      return -1;
    }
    i++;
  }
  return at;
}

/**
 * Whether the bytes `out` holds from `start` on — UTF-8 as encodeInto writes it — can stand inside a CDATA section as
 * they are: no `]]>` and no byte that may stand for a character XML forbids (as for escapeBytes, U+FFFD counts, since
 * encodeInto writes it for a lone surrogate). Checking the bytes after they are written costs one pass over memory
 * that is still in cache, where a regular expression over the text would be a pass of its own.
 */
export function isWrittenCdataSafe(out: ByteWriter, start: number): boolean {
  const bytes = out.claim(0);
  const view = out.view;
  const end = out.length;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const v = view.getInt32(i, true);
    const bracket = v ^ 0x5d5d5d5d;
    const ef = v ^ 0xefefefef;
    const look = ((v - 0x20202020) & ~v) | ((bracket - 0x01010101) & ~bracket) | ((ef - 0x01010101) & ~ef);
    if ((look & 0x80808080) !== 0 && !cdataSafeBytes(bytes, i, i + 4, end)) return false;
  }
  return cdataSafeBytes(bytes, i, end, end);
}

/** The byte-by-byte check of isWrittenCdataSafe for bytes[from, to); sequences may run on up to `end`. */
function cdataSafeBytes(bytes: Uint8Array, from: number, to: number, end: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    if (b < 0x20) {
      if (b !== 0x0a && b !== 0x09 && b !== 0x0d) return false;
    } else if (b === 0x5d) {
      if (i + 2 < end && bytes[i + 1] === 0x5d && bytes[i + 2] === 0x3e) return false;
    } else if (b === 0xef) {
      if (bytes[i + 1] === 0xbf && (bytes[i + 2] as number) >= 0xbd) return false;
    }
  }
  return true;
}

/** An attribute value for either quote style: `& < > " '` escaped, TAB/LF/CR as references, invalid characters removed. */
export function escapeAttribute(text: string): string {
  if (!ATTRIBUTE_SPECIAL.test(text)) return text;
  return stripInvalidXmlChars(text).replace(ATTRIBUTE_ESCAPED, entity);
}

/** Whether `text` can go into a CDATA section as it is: no `]]>` and no character invalid in XML. */
export function isCdataSafe(text: string): boolean {
  return !text.includes(']]>') && !(MAYBE_INVALID.test(text) && INVALID_CHAR.test(text));
}

/**
 * A complete CDATA section holding `text`. A CDATA section cannot contain its own terminator, so every `]]>` is split
 * across two sections (`]]]]><![CDATA[>`): the reader sees the original characters. Invalid characters are removed
 * first. CR is kept as it is: inside CDATA, XML end-of-line handling turns CRLF into LF, which HTML does not mind.
 */
export function cdata(text: string): string {
  const clean = stripInvalidXmlChars(text);
  return `<![CDATA[${clean.includes(']]>') ? clean.replaceAll(']]>', ']]]]><![CDATA[>') : clean}]]>`;
}
