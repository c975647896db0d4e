import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absolutizeHtml, absolutizeHtmlTo } from '../../src/feeds/absolute-urls';

const BASE = 'https://meridian-review.example/2025/06/why-manila-worries';
const abs = (html: string, base = BASE) => absolutizeHtml(html, base);

describe('absolutizeHtml', () => {
  it('resolves a root-relative href against the article origin', () => {
    expect(abs('<a href="/2025/03/x">x</a>')).toBe('<a href="https://meridian-review.example/2025/03/x">x</a>');
  });

  it('resolves ../ and ./ paths against the article URL', () => {
    expect(abs('<a href="../topics/iran">Iran</a>')).toBe(
      '<a href="https://meridian-review.example/2025/topics/iran">Iran</a>',
    );
    expect(abs('<a href="./map">m</a>')).toBe('<a href="https://meridian-review.example/2025/06/map">m</a>');
  });

  it('resolves a document-relative path and a query against the article URL', () => {
    expect(abs('<img src="chart.png">')).toBe('<img src="https://meridian-review.example/2025/06/chart.png">');
    expect(abs('<a href="?page=2">2</a>')).toBe(
      '<a href="https://meridian-review.example/2025/06/why-manila-worries?page=2">2</a>',
    );
  });

  it('resolves a protocol-relative URL with the article scheme', () => {
    expect(abs('<img src="//cdn.example/a.png">')).toBe('<img src="https://cdn.example/a.png">');
  });

  it('rewrites every candidate of a srcset and keeps the descriptors', () => {
    expect(abs('<img srcset="/a-1x.jpg 1x, b-2x.jpg 2x,https://cdn.example/c.jpg 3x">')).toBe(
      '<img srcset="https://meridian-review.example/a-1x.jpg 1x, https://meridian-review.example/2025/06/b-2x.jpg 2x,https://cdn.example/c.jpg 3x">',
    );
  });

  it('rewrites poster, cite, action and data attributes', () => {
    expect(
      abs(
        '<video poster="/p.jpg"></video><blockquote cite="/q"></blockquote><form action="/f"></form><object data="/d.svg"></object>',
      ),
    ).toBe(
      '<video poster="https://meridian-review.example/p.jpg"></video><blockquote cite="https://meridian-review.example/q"></blockquote>' +
        '<form action="https://meridian-review.example/f"></form><object data="https://meridian-review.example/d.svg"></object>',
    );
  });

  it('leaves absolute http(s), mailto:, tel: and data: URIs alone', () => {
    const html =
      '<a href="https://x.example/a">a</a><a href="http://x.example/b">b</a><a href="mailto:desk@meridian-review.example">m</a>' +
      '<a href="tel:+441234">t</a><img src="data:image/png;base64,iVBORw0KGgo=">';
    expect(abs(html)).toBe(html);
  });

  it('leaves fragment-only links and empty values alone', () => {
    const html = '<a href="#notes">notes</a><a href="">self</a>';
    expect(abs(html)).toBe(html);
  });

  it('returns the same string when there is nothing to rewrite', () => {
    const html = '<p>No links at all, just “text” & more.</p>';
    expect(abs(html)).toBe(html);
  });

  it('keeps single quotes, unquoted values and upper-case attribute names working', () => {
    expect(abs(`<a HREF='/a'>a</a><a href=/b>b</a><IMG SRC = "c.png">`)).toBe(
      `<a HREF='https://meridian-review.example/a'>a</a><a href=https://meridian-review.example/b>b</a><IMG SRC = "https://meridian-review.example/2025/06/c.png">`,
    );
  });

  it('does not treat data-* or other attributes that end in a URL name as URLs', () => {
    const html = '<a data-href="/x" xhref="/y" class="src">z</a>';
    expect(abs(html)).toBe(html);
  });

  it('reads quoted values whole, even when they hold > or something that looks like an attribute', () => {
    expect(abs('<a title="a > b href=/no" href="/yes">x</a>')).toBe(
      '<a title="a > b href=/no" href="https://meridian-review.example/yes">x</a>',
    );
  });

  it('leaves attribute-like text outside tags and inside comments alone', () => {
    const html = 'Write href="/a" in your HTML <!-- <a href="/b"> --> and a < b src="/c".';
    expect(abs(html)).toBe(html);
  });

  it('percent-encodes spaces and non-ASCII characters the way the URL parser does', () => {
    expect(abs('<a href="/a b/é">x</a>')).toBe('<a href="https://meridian-review.example/a%20b/%C3%A9">x</a>');
  });

  it('keeps entity-encoded ampersands in queries intact', () => {
    expect(abs('<a href="/search?q=a&amp;page=2">s</a>')).toBe(
      '<a href="https://meridian-review.example/search?q=a&amp;page=2">s</a>',
    );
  });

  it('keeps a value the URL parser refuses, instead of dropping it', () => {
    const html = '<a href="//exa mple">x</a>';
    expect(abs(html)).toBe(html);
  });

  it('copies an unterminated tag through to the end', () => {
    expect(abs('<p>end <a href="/x')).toBe('<p>end <a href="https://meridian-review.example/x');
  });

  it('resolves against a base URL with a port, a query or upper-case host', () => {
    expect(abs('<a href="x">x</a>', 'https://Meridian-Review.example:8443/a/b?c=d#e')).toBe(
      '<a href="https://meridian-review.example:8443/a/x">x</a>',
    );
  });

  it('explains a base URL that is not absolute', () => {
    expect(() => abs('<a href="/x">x</a>', '/relative')).toThrow(/absolute base URL/);
  });
});

describe('absolutizeHtml on arbitrary markup', () => {
  const piece = fc.oneof(
    fc.constantFrom(
      '<a href="/x">',
      '<a href=y>',
      '<img src=\'../z.png\' srcset="a.png 1x, /b.png 2x">',
      '<a href="https://x.example/">',
      '<a href="#f">',
      '<a title="q > href=/no" href="?p">',
      '<!-- <a href="/c"> -->',
      '</a>',
      '<p>',
      ' href="/text" ',
      '"',
      "'",
      '=',
      '<',
      '>',
      ' ',
      'é',
      '😀',
    ),
    fc.string({ maxLength: 5 }),
  );
  const markup = fc.array(piece, { maxLength: 25 }).map((parts) => parts.join(''));

  it('is idempotent: every URL it leaves behind is already absolute or deliberately kept', () => {
    fc.assert(
      fc.property(markup, (html) => {
        const once = abs(html);
        expect(abs(once)).toBe(once);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('changes nothing in markup without relative URLs', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom('<a href="https://x.example/a">', '<p>', 'text = "q"', '</a>', '<img src="data:,x">', '#'),
          { maxLength: 20 },
        ),
        (parts) => {
          const html = parts.join('');
          expect(abs(html)).toBe(html);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('absolutizeHtmlTo', () => {
  const pieces = (html: string) => {
    const out: string[] = [];
    absolutizeHtmlTo(html, BASE, (piece) => out.push(piece));
    return out;
  };

  it('hands over absolutizeHtml in consecutive pieces', () => {
    const html =
      '<p>A & B <a href="/x?a=1&amp;b=2">link</a> <img src="i.png" srcset="a.png 1x, /b.png 2x" alt="<>"> ]]> end</p>';
    expect(pieces(html).join('')).toBe(abs(html));
    expect(pieces(html).length).toBeGreaterThan(1);
  });

  it('hands over the HTML itself, in one piece, when nothing is relative', () => {
    const html = '<p><a href="https://x.example/">x</a></p>';
    expect(pieces(html)).toEqual([html]);
    expect(pieces('')).toEqual(['']);
  });

  it('joins to absolutizeHtml for arbitrary markup', () => {
    const markup = fc
      .array(
        fc.oneof(
          fc.constantFrom('<a href="/x">', '<img src=../y.png>', ' srcset="a 1x, /b 2x"', '<p>', '😀', 'é', '"', '>'),
          fc.string({ maxLength: 5 }),
        ),
        {
          maxLength: 25,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(markup, (html) => {
        expect(pieces(html).join('')).toBe(abs(html));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
