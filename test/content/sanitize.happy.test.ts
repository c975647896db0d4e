import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../src/content/sanitize';
import { richArticle } from '../support/hostile';
import { unsafeParts } from '../support/safe-html';
import golden from './golden/rich-legitimate-article.html?raw';

const BASE = 'https://meridian-review.example/2025/06/coast-guard';
const clean = (html: string) => sanitizeHtml(html, BASE);

/** Tag names of the tree in document order: the structure of a body. */
function structure(html: string): string[] {
  const names: string[] = [];
  const visit = (node: DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.DocumentFragment) => {
    if ('tagName' in node) names.push(node.tagName);
    if ('childNodes' in node) node.childNodes.forEach(visit);
  };
  visit(parseFragment(html));
  return names;
}

describe('sanitizeHtml keeps what a long-form article needs', () => {
  it('keeps the rich legitimate article intact: every element, in place, and its text', () => {
    const out = sanitizeHtml(richArticle.bodyHtml, richArticle.url);
    expect(out).toBe(golden.replace(/\n$/, ''));
    expect(structure(out)).toEqual(structure(richArticle.bodyHtml));
    expect(unsafeParts(out)).toEqual([]);
  });

  it.each([
    ['headings and paragraphs', '<h2>Title</h2><p>Text <em>em</em> <strong>strong</strong></p>'],
    ['lists', '<ol start="3" reversed=""><li value="5">a</li></ol><ul><li>b</li></ul><dl><dt>t</dt><dd>d</dd></dl>'],
    ['code', '<pre><code>a &lt; b &amp;&amp; c</code></pre>'],
    ['quotes', '<blockquote cite="https://example.org/s"><p>q</p></blockquote><q cite="https://example.org/q">q</q>'],
    [
      'small print',
      '<p><abbr title="North Atlantic Treaty Organization">NATO</abbr> H<sub>2</sub>O x<sup>2</sup> <small>s</small></p><hr>',
    ],
    ['details', '<details open=""><summary>More</summary><p>Hidden</p></details>'],
    [
      'tables',
      '<table><caption>c</caption><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td colspan="2" rowspan="1">d</td></tr></tbody></table>',
    ],
    [
      'figures',
      '<figure><img src="https://example.org/a.png" srcset="https://example.org/a-2x.png 2x" sizes="100vw" alt="A" width="800" height="600"><figcaption>Caption</figcaption></figure>',
    ],
    [
      'video and audio',
      '<video src="https://example.org/v.mp4" poster="https://example.org/p.jpg" controls=""><source src="https://example.org/v.webm" type="video/webm"><track src="https://example.org/c.vtt" kind="captions" srclang="en"></video><audio src="https://example.org/a.mp3" controls=""></audio>',
    ],
    ['language and direction', '<p lang="ar" dir="rtl">نص</p><p title="t">x</p>'],
  ])('keeps %s as they are', (_, html) => {
    expect(clean(html)).toBe(html);
  });
});

describe('sanitizeHtml makes every URL absolute against the article', () => {
  it.each([
    ['a root-relative href', '<a href="/2025/03/x">x</a>', '<a href="https://meridian-review.example/2025/03/x">x</a>'],
    [
      'a relative href',
      '<a href="../topics/iran">x</a>',
      '<a href="https://meridian-review.example/2025/topics/iran">x</a>',
    ],
    ['a fragment-only href', '<a href="#method">x</a>', `<a href="${BASE}#method">x</a>`],
    ['a query-only href', '<a href="?page=2">x</a>', `<a href="${BASE}?page=2">x</a>`],
    ['a protocol-relative href, as https', '<a href="//cdn.example/x">x</a>', '<a href="https://cdn.example/x">x</a>'],
    ['an img src', '<img src="map.png" alt="">', '<img src="https://meridian-review.example/2025/06/map.png" alt="">'],
    [
      'each srcset candidate',
      '<img src="/a.png" srcset="/a-1x.png 1x, a-2x.png 2x, //cdn.example/a.png 800w" alt="">',
      '<img src="https://meridian-review.example/a.png" srcset="https://meridian-review.example/a-1x.png 1x, https://meridian-review.example/2025/06/a-2x.png 2x, https://cdn.example/a.png 800w" alt="">',
    ],
    [
      'a video poster',
      '<video poster="/p.jpg" src="/v.mp4"></video>',
      '<video poster="https://meridian-review.example/p.jpg" src="https://meridian-review.example/v.mp4"></video>',
    ],
    [
      'a blockquote cite',
      '<blockquote cite="/s">q</blockquote>',
      '<blockquote cite="https://meridian-review.example/s">q</blockquote>',
    ],
    [
      'an img longdesc',
      '<img src="/a.png" longdesc="d.html">',
      '<img src="https://meridian-review.example/a.png" longdesc="https://meridian-review.example/2025/06/d.html">',
    ],
    [
      'a source src',
      '<audio><source src="a.ogg"></audio>',
      '<audio><source src="https://meridian-review.example/2025/06/a.ogg"></audio>',
    ],
    [
      'an absolute URL, normalised',
      '<a href="HTTPS://Example.ORG/a b">x</a>',
      '<a href="https://example.org/a%20b">x</a>',
    ],
    [
      'mailto and tel links',
      '<a href="mailto:desk@example.org">m</a><a href="tel:+15550100">t</a>',
      '<a href="mailto:desk@example.org">m</a><a href="tel:+15550100">t</a>',
    ],
  ])('resolves %s', (_, html, expected) => {
    expect(clean(html)).toBe(expected);
  });

  it('resolves against an http article URL too, but protocol-relative references still become https', () => {
    expect(sanitizeHtml('<a href="/x">x</a><img src="//cdn.example/i.png">', 'http://old.example/a/b')).toBe(
      '<a href="http://old.example/x">x</a><img src="https://cdn.example/i.png">',
    );
  });
});

describe('sanitizeHtml gives well-formed markup', () => {
  it.each([
    ['unclosed paragraphs', '<p>one<p>two', '<p>one</p><p>two</p>'],
    ['misnested formatting', '<b>bold<i>both</b>italic</i>', '<b>bold<i>both</i></b><i>italic</i>'],
    ['unquoted attributes', '<a href=/x title=t>x</a>', '<a href="https://meridian-review.example/x" title="t">x</a>'],
    ['bare ampersands and angle brackets', '<p>AT&T < 5 > 3</p>', '<p>AT&amp;T &lt; 5 &gt; 3</p>'],
    ['a leading newline in pre', '<pre>\n\nindented</pre>', '<pre>\n\nindented</pre>'],
  ])('closes and quotes %s', (_, html, expected) => {
    const out = clean(html);
    expect(out).toBe(expected);
    expect(clean(out)).toBe(out);
  });
});
