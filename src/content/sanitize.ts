/**
 * The article body sanitizer: parses the HTML the way a browser does, keeps only what allowlist.ts names, and
 * serializes the tree again.
 *
 * Parsing is HTML5 tree construction (parse5, which follows the WHATWG parsing algorithm), so what is checked is the
 * tree a reader's browser will build, not the source text: misnested and unclosed tags, markup hidden in comments,
 * `noscript`, `template` or raw-text elements, and foreign content (SVG, MathML) are resolved as they would be in the
 * reader, which is what defeats mutation XSS. The output is the serialization of a clean tree: well-formed, every tag
 * closed, every attribute quoted, every URL absolute.
 */
import { defaultTreeAdapter, html as html5, parseFragment, serialize, type DefaultTreeAdapterTypes } from 'parse5';
import { stripInvalidXmlChars } from '../feeds/xml';
import {
  DROPPED,
  ELEMENTS,
  GLOBAL_ATTRIBUTES,
  LINK_SCHEMES,
  REQUIRES_ONE_OF,
  RESOURCE_SCHEMES,
  type AttributeRule,
} from './allowlist';
import { safeSrcset, safeUrl } from './safe-url';

type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type Attribute = DefaultTreeAdapterTypes.Element['attrs'][number];
type TextNode = DefaultTreeAdapterTypes.TextNode;

/**
 * Bumped whenever the allowlist or the output changes: a stored record cleaned by an older version is cleaned again
 * when it is read (src/content/article-record.ts), and stored feed pages made from older output are retired.
 */
export const SANITIZER_VERSION = 1;

/** Article bodies are inserted into pages as the content of an element in `<body>`; they are parsed in that context. */
const BODY = defaultTreeAdapter.createElement('body', html5.NS.HTML, []);

/**
 * `html` with everything outside the allowlist removed and every URL made absolute against `baseUrl` (the article's
 * URL). Idempotent: sanitizing the output again gives the same string.
 */
export function sanitizeHtml(html: string, baseUrl: string): string {
  const first = sanitizePass(html, baseUrl);
  // Unwrapping an element moves its children up a level, where a browser might have parsed them differently (a
  // `div` unwrapped out of a `button` into a `p`); one more pass makes the output what parsing it again gives.
  return first.moved ? sanitizePass(first.html, baseUrl).html : first.html;
}

interface Pass {
  readonly base: string;
  moved: boolean;
}

function sanitizePass(html: string, base: string): { html: string; moved: boolean } {
  const fragment = parseFragment(BODY, html, {});
  const pass: Pass = { base, moved: false };
  cleanChildren(fragment, pass);
  return { html: serialize(fragment), moved: pass.moved };
}

const isText = (node: ChildNode): node is TextNode => node.nodeName === '#text';

const DISCOURAGED_CHAR = /[\u0080-\u009F\uFFFD]/;
const DISCOURAGED_CHARS = new RegExp(DISCOURAGED_CHAR.source, 'g');

/**
 * Text without what feeds cannot or should not carry: the characters XML 1.0 forbids (a control written as `&#1;`
 * would break every XML reader), C1 controls and U+FFFD. The last two are what Windows-1252 mojibake and lost
 * characters look like (the W3C validator flags them), and in a body they are never wanted: U+FFFD is what the HTML
 * parser leaves for a NUL or an invalid character reference.
 */
function cleanCharacters(text: string): string {
  const valid = stripInvalidXmlChars(text);
  return DISCOURAGED_CHAR.test(valid) ? valid.replace(DISCOURAGED_CHARS, '') : valid;
}

function cleanChildren(parent: ParentNode, pass: Pass): void {
  const kept: ChildNode[] = [];
  for (const node of parent.childNodes) {
    if (isText(node)) {
      node.value = cleanCharacters(node.value);
      kept.push(node);
      continue;
    }
    // Comments and doctypes go: a comment is where conditional-comment and parser-differential tricks hide.
    if (!('tagName' in node)) continue;
    if (node.namespaceURI !== html5.NS.HTML || DROPPED.has(node.tagName)) continue;
    cleanChildren(node, pass);
    const allowed = ELEMENTS[node.tagName];
    if (allowed === undefined) {
      // Unknown or presentational (font, center, form, label…): the element goes, its content stays.
      for (const child of node.childNodes) {
        child.parentNode = parent;
        kept.push(child);
      }
      pass.moved ||= node.childNodes.length > 0;
      continue;
    }
    node.attrs = cleanAttributes(node.attrs, allowed, pass.base);
    if (node.tagName === 'pre') keepLeadingNewline(node);
    const required = REQUIRES_ONE_OF[node.tagName];
    if (required !== undefined && !node.attrs.some((a) => required.includes(a.name))) continue;
    kept.push(node);
  }
  parent.childNodes = kept;
}

/**
 * The parser drops one newline right after `<pre>` (HTML §13.2.6.4.7), and the serializer does not write one back
 * (HTML §13.3), so text that starts with a newline would lose it each time it is parsed again. A newline put in front
 * is the one the next parse drops.
 */
function keepLeadingNewline(pre: DefaultTreeAdapterTypes.Element): void {
  const first = pre.childNodes[0];
  if (first !== undefined && isText(first) && first.value.startsWith('\n')) first.value = `\n${first.value}`;
}

function cleanAttributes(
  attrs: readonly Attribute[],
  allowed: Readonly<Record<string, AttributeRule>>,
  base: string,
): Attribute[] {
  const kept: Attribute[] = [];
  for (const attr of attrs) {
    if (attr.namespace !== undefined) continue;
    const rule = Object.hasOwn(allowed, attr.name)
      ? allowed[attr.name]
      : Object.hasOwn(GLOBAL_ATTRIBUTES, attr.name)
        ? GLOBAL_ATTRIBUTES[attr.name]
        : undefined;
    if (rule === undefined) continue;
    const value = checkValue(rule, attr.value, base);
    // Checked before the characters are cleaned: `java\uFFFDscript:` is harmless, `javascript:` is not.
    if (value !== null) kept.push({ name: attr.name, value: cleanCharacters(value) });
  }
  return kept;
}

const INTEGER = /^\s*(\d{1,9})\s*$/;

function checkValue(rule: AttributeRule, value: string, base: string): string | null {
  switch (rule) {
    case 'text':
      return value;
    case 'link':
      return safeUrl(value, base, LINK_SCHEMES);
    case 'resource':
      return safeUrl(value, base, RESOURCE_SCHEMES);
    case 'srcset':
      return safeSrcset(value, base, RESOURCE_SCHEMES) || null;
    case 'integer':
      return INTEGER.exec(value)?.[1] ?? null;
    case 'boolean':
      return '';
    default: {
      const keyword = value.trim().toLowerCase();
      return rule.includes(keyword) ? keyword : null;
    }
  }
}
