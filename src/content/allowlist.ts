/**
 * What survives in an article body, as data: docs/security.md prints this list, and the sanitizer (sanitize.ts) reads
 * nothing else. Anything not named here is either unwrapped (an unknown or presentational element: its text stays) or,
 * when it is in DROPPED, removed together with everything inside it.
 */

/** How an attribute's value is checked; a value that fails is removed with its attribute. */
export type AttributeRule =
  /** Any text (title, alt, lang…): it is only ever shown, never run or loaded. */
  | 'text'
  /** A link target: http, https, mailto or tel, made absolute against the article's URL. */
  | 'link'
  /** Something the reader's browser loads: http or https only, made absolute. */
  | 'resource'
  /** A srcset: every candidate a `resource`, each with a valid width or density descriptor. */
  | 'srcset'
  /** A non-negative integer (width, height, colspan…). */
  | 'integer'
  /** A boolean attribute: kept, with an empty value. */
  | 'boolean'
  /** One of a fixed set of keywords (compared in ASCII lower case). */
  | readonly string[];

/** Attributes every allowed element may carry. No `id`, `name` or `class`: see docs/security.md (DOM clobbering). */
export const GLOBAL_ATTRIBUTES: Readonly<Record<string, AttributeRule>> = {
  title: 'text',
  lang: 'text',
  dir: ['ltr', 'rtl', 'auto'],
};

const CELL: Readonly<Record<string, AttributeRule>> = {
  colspan: 'integer',
  rowspan: 'integer',
  headers: 'text',
  abbr: 'text',
  scope: ['row', 'col', 'rowgroup', 'colgroup'],
};
const MEDIA: Readonly<Record<string, AttributeRule>> = {
  src: 'resource',
  controls: 'boolean',
  loop: 'boolean',
  muted: 'boolean',
  preload: ['none', 'metadata', 'auto'],
};
const EDIT: Readonly<Record<string, AttributeRule>> = { cite: 'resource', datetime: 'text' };
const NONE: Readonly<Record<string, AttributeRule>> = {};

/**
 * The elements a long-form article needs, each with the attributes it may keep besides GLOBAL_ATTRIBUTES. Every one
 * of them is also on the W3C feed validator's list of safe elements, so no reader is told the feed is unsafe.
 */
export const ELEMENTS: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  // Sections and grouping
  article: NONE,
  section: NONE,
  aside: NONE,
  header: NONE,
  footer: NONE,
  address: NONE,
  div: NONE,
  p: NONE,
  hr: NONE,
  pre: NONE,
  blockquote: { cite: 'resource' },
  h1: NONE,
  h2: NONE,
  h3: NONE,
  h4: NONE,
  h5: NONE,
  h6: NONE,
  ol: { start: 'integer', reversed: 'boolean', type: ['1', 'a', 'i'] },
  ul: NONE,
  li: { value: 'integer' },
  dl: NONE,
  dt: NONE,
  dd: NONE,
  figure: NONE,
  figcaption: NONE,
  details: { open: 'boolean' },
  summary: NONE,
  // Text-level
  a: { href: 'link', hreflang: 'text' },
  abbr: NONE,
  b: NONE,
  bdi: NONE,
  br: NONE,
  cite: NONE,
  code: NONE,
  data: { value: 'text' },
  del: EDIT,
  dfn: NONE,
  em: NONE,
  i: NONE,
  ins: EDIT,
  kbd: NONE,
  mark: NONE,
  q: { cite: 'resource' },
  rp: NONE,
  rt: NONE,
  ruby: NONE,
  s: NONE,
  samp: NONE,
  small: NONE,
  span: NONE,
  strong: NONE,
  sub: NONE,
  sup: NONE,
  time: { datetime: 'text' },
  u: NONE,
  var: NONE,
  wbr: NONE,
  // Embedded media: images and players that load only what their URLs name, and run nothing
  picture: NONE,
  img: {
    src: 'resource',
    srcset: 'srcset',
    sizes: 'text',
    alt: 'text',
    width: 'integer',
    height: 'integer',
    longdesc: 'resource',
    loading: ['lazy', 'eager'],
    decoding: ['sync', 'async', 'auto'],
  },
  source: {
    src: 'resource',
    srcset: 'srcset',
    sizes: 'text',
    media: 'text',
    type: 'text',
    width: 'integer',
    height: 'integer',
  },
  video: { ...MEDIA, poster: 'resource', width: 'integer', height: 'integer', playsinline: 'boolean' },
  audio: MEDIA,
  track: {
    src: 'resource',
    kind: ['subtitles', 'captions', 'descriptions', 'chapters'],
    srclang: 'text',
    label: 'text',
    default: 'boolean',
  },
  // Tables
  table: NONE,
  caption: NONE,
  colgroup: { span: 'integer' },
  col: { span: 'integer' },
  thead: NONE,
  tbody: NONE,
  tfoot: NONE,
  tr: NONE,
  td: CELL,
  th: CELL,
};

/**
 * Removed with everything inside them: what runs (script, template, noscript), loads or embeds another document
 * (iframe, object, embed, frame, portal, link, meta, base), styles (style: a stylesheet can load URLs and restyle the
 * reader's page), submits or takes input (form controls), raw-text relics whose content is not markup (xmp, plaintext,
 * noembed, noframes), and foreign content (SVG and MathML can carry scripts, links and styles of their own).
 */
export const DROPPED: ReadonlySet<string> = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'param',
  'portal',
  'fencedframe',
  'link',
  'meta',
  'base',
  'title',
  'head',
  'xmp',
  'plaintext',
  'noembed',
  'noframes',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'button',
  'input',
  'keygen',
  'output',
  'progress',
  'meter',
  'canvas',
  'dialog',
  'slot',
  'svg',
  'math',
]);

/** Schemes allowed in `link` attributes; `resource` attributes take only the first two. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
export const RESOURCE_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Elements that are pointless without one of these attributes, and are removed when sanitizing took all of them. */
export const REQUIRES_ONE_OF: Readonly<Record<string, readonly string[]>> = {
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  track: ['src'],
};
