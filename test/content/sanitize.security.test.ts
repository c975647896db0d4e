/**
 * The sanitizer against hostile markup: the corpus in fixtures/hostile/ and random tag soup (fast-check). Whatever
 * goes in, what comes out runs nothing, loads only http(s) URLs, links only to http(s), mailto: and tel:, every URL is
 * absolute, and the markup is well-formed and stable (sanitizing it again changes nothing).
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../src/content/sanitize';
import { hostileArticles } from '../support/hostile';
import { markup } from '../support/markup-arbitrary';
import { unsafeParts } from '../support/safe-html';

const BASE = 'https://meridian-review.example/2026/11/hostile';
const clean = (html: string) => sanitizeHtml(html, BASE);
/** Ten times the fuzz suite's runs per property: these run in milliseconds. `npm run fuzz` raises FUZZ_RUNS. */
const RUNS = { seed: 20261201, numRuns: Number((env as unknown as { FUZZ_RUNS?: string }).FUZZ_RUNS ?? 60) * 10 };

describe('the hostile corpus', () => {
  it('has at least 30 bodies', () => {
    expect(hostileArticles.length).toBeGreaterThanOrEqual(30);
  });

  it.each(hostileArticles)('%s: comes out safe, absolute, well-formed and stable', (_, article) => {
    const out = sanitizeHtml(article.bodyHtml, article.url);
    expect(unsafeParts(out)).toEqual([]);
    // In markup, not in text or inside a harmless path (`https://…/%E2%80%A8javascript:x` is an ordinary http URL).
    expect(out).not.toMatch(
      /<(?:script|svg|math|iframe|style|object|embed|form|input)|\son[a-z]+="|="\s*(?:javascript|vbscript|data):/i,
    );
    expect(sanitizeHtml(out, article.url)).toBe(out);
  });
});

describe('sanitizeHtml removes what runs, loads or submits', () => {
  it.each([
    ['script elements, with their content', '<p>a</p><script>alert(1)</script><p>b</p>', '<p>a</p><p>b</p>'],
    [
      'event handlers',
      '<img src="/a.png" onerror="alert(1)" OnLoad=x alt="a">',
      '<img src="https://meridian-review.example/a.png" alt="a">',
    ],
    ['style elements and attributes', '<style>@import "x"</style><p style="position:fixed">p</p>', '<p>p</p>'],
    [
      'iframes, objects and embeds',
      '<iframe src="https://x.example"></iframe><object data="x"></object><embed src="x"><p>p</p>',
      '<p>p</p>',
    ],
    [
      'forms and controls, keeping the form’s text',
      '<form action="/x">Name <input name="n"><button>Go</button></form>',
      'Name ',
    ],
    [
      'meta, base and link',
      '<meta http-equiv="refresh" content="0"><base href="https://evil.example/"><link rel="stylesheet" href="x">',
      '',
    ],
    ['template and noscript', '<template><p>t</p></template><noscript><p>n</p></noscript>', ''],
    ['SVG and MathML', '<svg><a href="/x"><text>t</text></a></svg><math><mi>x</mi></math>', ''],
    ['comments', '<!-- secret --><p>p</p>', '<p>p</p>'],
    [
      'id, name, class and data attributes (DOM clobbering)',
      '<p id="location" class="modal" data-x="1">p</p><img name="forms" src="/a.png">',
      '<p>p</p><img src="https://meridian-review.example/a.png">',
    ],
    [
      'link targets, pings and downloads',
      '<a href="/x" target="_blank" ping="/p" download>x</a>',
      '<a href="https://meridian-review.example/x">x</a>',
    ],
    [
      'unknown elements, keeping their text',
      '<font color="red"><center>c</center></font><custom-el>e</custom-el>',
      'ce',
    ],
  ])('removes %s', (_, html, expected) => {
    expect(clean(html)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' \t\njavascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java&#x09;script:alert(1)',
    'java&#10;script:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)',
    'javascript&colon;alert(1)',
    '&#0000106avascript:alert(1)',
    '\u0001javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD4=',
    'DATA:image/png;base64,AA',
    'file:///etc/passwd',
    'ftp://ftp.example/',
  ])('refuses the URL %j in href and src', (url) => {
    const attribute = url.replaceAll('"', '&quot;');
    expect(clean(`<a href="${attribute}">x</a>`)).toBe('<a>x</a>');
    expect(clean(`<img src="${attribute}" alt="">`)).toBe('');
    expect(clean(`<img src="/a.png" srcset="${attribute} 2x" alt="">`)).toBe(
      '<img src="https://meridian-review.example/a.png" alt="">',
    );
  });

  it('keeps mailto: and tel: in links only', () => {
    expect(
      clean('<a href="mailto:a@example.org">m</a><img src="mailto:a@example.org"><video poster="tel:1"></video>'),
    ).toBe('<a href="mailto:a@example.org">m</a><video></video>');
  });
});

describe('sanitizeHtml resolves mutation XSS the way a browser does', () => {
  it.each([
    ['markup inside noscript', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
    ['a comment closed early', '<!--><img src=x onerror=alert(1)>-->'],
    ['markup inside a comment', '<!--<img src="--><img src=x onerror=alert(1)//">-->'],
    ['style in MathML', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
    ['style in SVG', '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'],
    ['template contents', '<template><img src=x onerror=alert(1)></template>'],
    ['a textarea in foreign content', '<svg><mtext><textarea><a title="</textarea><img src=x onerror=alert(1)>">'],
  ])('%s', (_, html) => {
    const out = clean(html);
    expect(unsafeParts(out)).toEqual([]);
    expect(out).not.toMatch(/\sonerror="|<svg|<math|<style|<textarea/);
    expect(clean(out)).toBe(out);
  });
});

describe('sanitizeHtml on random markup (fast-check)', () => {
  it('never lets a script, handler, style, foreign element or unsafe URL through, and every URL is absolute', () => {
    fc.assert(
      fc.property(markup(), (html) => {
        expect(unsafeParts(clean(html))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('is idempotent: sanitizing its output changes nothing', () => {
    fc.assert(
      fc.property(markup(), (html) => {
        const out = clean(html);
        expect(clean(out)).toBe(out);
      }),
      RUNS,
    );
  });

  it('keeps plain text exactly, escaped as HTML text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
        const out = clean(`<p>${escaped}</p>`);
        expect(clean(out)).toBe(out);
        expect(unsafeParts(out)).toEqual([]);
      }),
      RUNS,
    );
  });
});
