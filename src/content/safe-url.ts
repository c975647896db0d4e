/**
 * URL attributes of article HTML, checked and made absolute. A feed reader shows the body away from the article's page,
 * so every reference is resolved against the article's own URL (RSS has no `xml:base`, and many readers ignore Atom's),
 * and only the schemes of allowlist.ts survive.
 *
 * The value arrives with character references already decoded by the HTML parser (`&#106;avascript:` is `javascript:`
 * here). What the WHATWG URL parser would ignore is removed before the check, so the scheme seen is the one a browser
 * would act on: leading and trailing C0 controls and spaces, and ASCII tab and newline anywhere (URL Standard, basic URL
 * parser, steps 1–3). The scheme check runs on the URL the parser returns, whose serialization is also what is written.
 * https://url.spec.whatwg.org/#concept-basic-url-parser
 */

const EDGE_CONTROLS = /^[\0-\x20]+|[\0-\x20]+$/g;
const TAB_OR_NEWLINE = /[\t\n\r]/g;
/** `//host` — or `\\host`, which the URL parser reads the same way for http(s). */
const PROTOCOL_RELATIVE = /^[/\\]{2}/;
/** Its host is replaced by the reference's: only the scheme matters. */
const HTTPS_BASE = 'https://localhost/';

/**
 * `value` as an absolute URL resolved against `base`, or null when it is empty, cannot be parsed, or its scheme is not
 * in `schemes`. Protocol-relative references (`//host/x`) are resolved as https whatever the article's own scheme.
 */
export function safeUrl(value: string, base: string, schemes: ReadonlySet<string>): string | null {
  const cleaned = value.replace(EDGE_CONTROLS, '').replace(TAB_OR_NEWLINE, '');
  if (cleaned === '') return null;
  let url: URL;
  try {
    url = new URL(cleaned, PROTOCOL_RELATIVE.test(cleaned) ? HTTPS_BASE : base);
  } catch {
    return null;
  }
  return schemes.has(url.protocol) ? url.href : null;
}

/** A width (`480w`) or pixel density (`2x`, `1.5x`) descriptor (HTML §4.8.4.3.5); height descriptors are not kept. */
const DESCRIPTOR = /^(?:[1-9]\d*w|(?:\d+(?:\.\d+)?|\.\d+)x)$/;

/**
 * A `srcset` with every candidate made absolute and checked like `safeUrl`; a candidate that fails, or carries a
 * descriptor other than one width or density, is left out. Empty when none is left. Candidates are read as the HTML
 * standard's "parse a srcset attribute" reads them: the URL is the run of non-whitespace, less trailing commas.
 */
export function safeSrcset(value: string, base: string, schemes: ReadonlySet<string>): string {
  const out: string[] = [];
  let i = 0;
  const n = value.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  while (i < n) {
    while (i < n && (isSpace(value[i]!) || value[i] === ',')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(value[i]!)) i++;
    let url = value.slice(start, i);
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      // Descriptors run to the next comma outside parentheses.
      const descStart = i;
      let depth = 0;
      while (i < n && (value[i] !== ',' || depth > 0)) {
        if (value[i] === '(') depth++;
        else if (value[i] === ')') depth = Math.max(0, depth - 1);
        i++;
      }
      descriptor = value.slice(descStart, i).trim();
      i++;
    }
    const absolute = safeUrl(url, base, schemes);
    if (absolute === null || (descriptor !== '' && !DESCRIPTOR.test(descriptor))) continue;
    // A URL that ends in a comma would lose it when the srcset is read again.
    const written = absolute.replace(/,+$/, (commas) => '%2C'.repeat(commas.length));
    out.push(descriptor === '' ? written : `${written} ${descriptor}`);
  }
  return out.join(', ');
}
