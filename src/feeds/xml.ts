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

/* eslint-disable no-control-regex -- matching the control characters XML forbids is the point of these patterns */

/** Exactly the forbidden code points. Paired surrogates (emoji, rare CJK) are valid and survive. */
const INVALID_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
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

/** Removes the code points XML 1.0 cannot carry; everything else, including emoji and RTL text, is kept. */
export function stripInvalidXmlChars(text: string): string {
  return MAYBE_INVALID.test(text) ? text.replace(INVALID_CHARS, '') : text;
}

/** Character data for element content: `&`, `<` and `>` escaped, CR as `&#13;`, invalid characters removed. */
export function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return stripInvalidXmlChars(text).replace(TEXT_ESCAPED, entity);
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
