/**
 * Relative URLs in article HTML made absolute, because a feed reader shows the content away from the article's page:
 * `/2025/03/x` there would resolve against the reader's own origin. RFC 4287 §3.1.1.3 lets Atom rely on `xml:base`,
 * but RSS has no such mechanism and many readers ignore it, so the URLs themselves are rewritten.
 */

/*
 * The walk visits start tags only and reads their attributes the way the HTML tokenizer does (quoted values may hold
 * `>` or `=`), so text that merely looks like an attribute (`href="x"` in prose, in a comment) is left alone.
 * It jumps between `<`, `=` and `>` with indexOf instead of testing every character: on a typical 8 KB body that is
 * a few hundred native searches, and regular expressions run only on the values of URL attributes.
 */

const LT = 60; // <
const GT = 62; // >
const EQ = 61; // =
const SLASH = 47; // /
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const BANG = 33; // !
const HASH = 35; // #
const QUESTION = 63; // ?

/** A scheme before the first `/`, `?` or `#` makes a URL absolute (WHATWG URL, "scheme state"): http:, mailto:, data:… */
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/**
 * What plain concatenation would get wrong, so the URL parser must do it: dot segments (also percent-encoded), anything
 * outside printable ASCII (spaces, controls, non-ASCII that the parser percent-encodes) and characters it escapes.
 */
const NEEDS_PARSER = /[^\x21-\x7E]|["<>\\^`{|}]|%2e|(?:^|\/)\.\.?(?:[/?#]|$)/i;
/** One image candidate of a srcset: the URL is the run of non-whitespace after a comma, minus trailing commas (HTML §4.8.4.3.5). */
const SRCSET_URL = /((?:^|,)\s*)([^\s,](?:\S*[^\s,])?)/g;

interface Base {
  readonly href: string;
  /** `https://host[:port]` */
  readonly origin: string;
  /** Everything up to and including the last `/` of the path: the base for `x/y`. */
  readonly directory: string;
  /** The URL without query and fragment: the base for `?q`. */
  readonly document: string;
}

/** A base URL already in the form the URL parser would print: lower-case host, no port, userinfo or dot segments. */
const PLAIN_BASE = /^(https?:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*)(\/[^?#]*)?([?#].*)?$/;

function parseBase(baseUrl: string): Base {
  // Article URLs are validated http(s) URLs and almost always plain; reading them takes no URL object.
  const plain = PLAIN_BASE.exec(baseUrl);
  if (plain !== null && !NEEDS_PARSER.test(baseUrl)) {
    const origin = plain[1] as string;
    const path = plain[2] ?? '/';
    return {
      href: baseUrl,
      origin,
      directory: origin + path.slice(0, path.lastIndexOf('/') + 1),
      document: origin + path,
    };
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`absolutizeHtml needs an absolute base URL, got "${baseUrl}"; pass the article's url`);
  }
  const origin = `${url.protocol}//${url.host}`;
  return {
    href: url.href,
    origin,
    directory: origin + url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1),
    document: origin + url.pathname,
  };
}

/** One attribute value made absolute; anything that is not a relative reference, or cannot be parsed, comes back unchanged. */
function resolve(value: string, base: Base): string {
  if (value === '') return value; // would mean "this document"; an empty src/href is left for the reader to ignore
  const first = value.charCodeAt(0);
  if (first === HASH) return value; // fragment-only: an in-page anchor
  if (HAS_SCHEME.test(value)) return value;
  if (!NEEDS_PARSER.test(value)) {
    if (first === SLASH) {
      if (value.charCodeAt(1) !== SLASH) return base.origin + value;
      // `//host/path`: the parser normalises the host, so it goes the slow way below
    } else if (first === QUESTION) {
      return base.document + value;
    } else {
      return base.directory + value;
    }
  }
  try {
    return new URL(value, base.href).href;
  } catch {
    return value; // e.g. `//exa mple` — not a URL; dropping it would lose the author's text
  }
}

function resolveSrcset(value: string, base: Base): string {
  return value.replace(SRCSET_URL, (_match, lead: string, url: string) => lead + resolve(url, base));
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 12;
}

function isAsciiLetter(code: number): boolean {
  return (code | 32) >= 97 && (code | 32) <= 122;
}

const NOT_URL = 0;
const ONE_URL = 1;
const SRCSET = 2;
type AttributeKind = typeof NOT_URL | typeof ONE_URL | typeof SRCSET;

/** Whether html[start, start+lowerName.length) spells lowerName in any letter case. */
function spells(html: string, start: number, lowerName: string): boolean {
  for (let i = 0; i < lowerName.length; i++) {
    // `| 32` lower-cases an ASCII letter and cannot turn a non-letter into one.
    if ((html.charCodeAt(start + i) | 32) !== lowerName.charCodeAt(i)) return false;
  }
  return true;
}

/** Which URL attribute html[start, start+length) names — href, src, poster, cite, action, data or srcset — without slicing it. */
function urlAttributeKind(html: string, start: number, length: number): AttributeKind {
  const first = html.charCodeAt(start) | 32;
  switch (length) {
    case 3:
      return first === 115 && spells(html, start, 'src') ? ONE_URL : NOT_URL;
    case 4:
      if (first === 104) return spells(html, start, 'href') ? ONE_URL : NOT_URL;
      if (first === 99) return spells(html, start, 'cite') ? ONE_URL : NOT_URL;
      return first === 100 && spells(html, start, 'data') ? ONE_URL : NOT_URL;
    case 6:
      if (first === 115) return spells(html, start, 'srcset') ? SRCSET : NOT_URL;
      if (first === 112) return spells(html, start, 'poster') ? ONE_URL : NOT_URL;
      return first === 97 && spells(html, start, 'action') ? ONE_URL : NOT_URL;
    default:
      return NOT_URL;
  }
}

/**
 * Rewrites every relative URL in the `href`, `src`, `srcset` (each candidate), `poster`, `cite`, `action` and `data`
 * attributes of `html` to an absolute one, resolved against `baseUrl` (the article's own URL). Absolute URLs of any
 * scheme (http, https, mailto, tel, data…), fragment-only references and empty values are kept as they are; nothing
 * is removed. Quoting and everything outside those attribute values is preserved byte for byte.
 *
 * A rewritten URL is printable ASCII without `<` or `>` (the URL serializer percent-encodes them), so when `html`
 * contains no `]]>` and no character invalid in XML, neither does the result: it may go into CDATA as it is.
 *
 * @throws TypeError when `html` has a URL attribute and `baseUrl` is not an absolute URL.
 */
export function absolutizeHtml(html: string, baseUrl: string): string {
  let out = '';
  // With nothing to rewrite the only piece is `html` itself, and `'' + html` is `html`: no copy.
  rewrite(html, baseUrl, (piece) => {
    out += piece;
  });
  return out;
}

/**
 * `absolutizeHtml(html, baseUrl)` handed to `write` in consecutive pieces — unchanged stretches of `html` and
 * rewritten URLs — so that a renderer can write the result out without ever holding it as one string. The pieces
 * split `html` next to quotes, `=` or whitespace, never inside a surrogate pair; without a relative URL there is
 * exactly one piece, `html` itself.
 */
export function absolutizeHtmlTo(html: string, baseUrl: string, write: (piece: string) => void): void {
  rewrite(html, baseUrl, write);
}

function rewrite(html: string, baseUrl: string, write: (piece: string) => void): void {
  const end = html.length;
  let base: Base | undefined;
  let copied = 0; // html[copied, …) has not been written yet
  // Cached positions of the next `=` and `>`; `end` means none. Each is searched again only once passed.
  let nextEq = -1;
  let nextGt = -1;

  let lt = html.indexOf('<');
  while (lt !== -1) {
    const afterLt = html.charCodeAt(lt + 1);
    if (!isAsciiLetter(afterLt)) {
      // End tag, comment, doctype, or a bare `<` in text: not a start tag.
      if (afterLt === BANG && html.startsWith('!--', lt + 1)) {
        const close = html.indexOf('-->', lt + 4);
        if (close === -1) break;
        lt = html.indexOf('<', close + 3);
      } else {
        lt = html.indexOf('<', lt + 1);
      }
      continue;
    }

    // Inside a start tag: visit each `name=value` until the `>` that closes it.
    let p = lt + 2;
    for (;;) {
      if (nextEq < p) {
        const eq = html.indexOf('=', p);
        nextEq = eq === -1 ? end : eq;
      }
      if (nextGt < p) {
        const gt = html.indexOf('>', p);
        nextGt = gt === -1 ? end : gt;
      }
      if (nextGt < nextEq || nextEq === end) {
        p = nextGt + 1;
        break;
      }

      const eq = nextEq;
      // Name: back over whitespace, then over name characters.
      let nameEnd = eq;
      while (nameEnd > lt && isSpace(html.charCodeAt(nameEnd - 1))) nameEnd--;
      let nameStart = nameEnd;
      while (nameStart > lt) {
        const c = html.charCodeAt(nameStart - 1);
        if (isSpace(c) || c === QUOTE || c === APOSTROPHE || c === SLASH || c === EQ || c === LT || c === GT) break;
        nameStart--;
      }

      // Value: quoted up to the matching quote, unquoted up to whitespace or `>`.
      let valueStart = eq + 1;
      while (valueStart < end && isSpace(html.charCodeAt(valueStart))) valueStart++;
      const quote = html.charCodeAt(valueStart);
      let valueEnd: number;
      if (quote === QUOTE || quote === APOSTROPHE) {
        valueStart++;
        valueEnd = html.indexOf(quote === QUOTE ? '"' : "'", valueStart);
        if (valueEnd === -1) valueEnd = end; // unterminated: the value runs to the end, as in the HTML tokenizer
        p = valueEnd + 1;
      } else {
        valueEnd = valueStart;
        while (valueEnd < end) {
          const c = html.charCodeAt(valueEnd);
          if (isSpace(c) || c === GT) break;
          valueEnd++;
        }
        p = valueEnd;
      }

      if (valueEnd > valueStart) {
        const kind = urlAttributeKind(html, nameStart, nameEnd - nameStart);
        if (kind !== NOT_URL) {
          const value = html.slice(valueStart, valueEnd);
          base ??= parseBase(baseUrl);
          const resolved = kind === ONE_URL ? resolve(value, base) : resolveSrcset(value, base);
          if (resolved !== value) {
            write(html.slice(copied, valueStart));
            write(resolved);
            copied = valueEnd;
          }
        }
      }
      if (p >= end) break;
    }
    if (p >= end) break;
    lt = html.indexOf('<', p);
  }

  write(copied === 0 ? html : html.slice(copied));
}
