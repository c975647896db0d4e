/**
 * Text fields — titles, deks, author names, alt text and credits — written so that readers show exactly the characters
 * typed, and the W3C validator sees no markup in them: RSS plain text with the RSS Best Practices Profile's hexadecimal
 * references for `&` and `<`, Atom text constructs as type="html" when they hold `&` or `<`.
 */
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../src/feeds/atom';
import { renderJsonFeed } from '../../src/feeds/json-feed';
import { renderRss } from '../../src/feeds/rss';
import { escapePlainText, typedText } from '../../src/feeds/xml';
import type { Article } from '../../src/schema/article';
import {
  atomFeed,
  decode,
  decodeHtmlText,
  list,
  meta,
  plain,
  rssChannel,
  shownText,
  text,
  type XmlNode,
} from './support';

describe('escapePlainText', () => {
  it('writes & and < as hexadecimal references, > and CR as before', () => {
    expect(escapePlainText('AT&T <b> 5 > 3\r')).toBe('AT&#x26;T &#x3C;b&gt; 5 &gt; 3&#13;');
  });

  it('returns text without markup characters as it is', () => {
    const title = 'Beijing’s maritime law — “quoted”';
    expect(escapePlainText(title)).toBe(title);
  });

  it('removes characters XML cannot carry', () => {
    expect(escapePlainText('a\u0001&b')).toBe('a&#x26;b');
  });
});

describe('typedText', () => {
  it('is type="text" (or the given plain type) without & or <', () => {
    expect(typedText('title', 'Plain > title')).toBe('<title type="text">Plain &gt; title</title>');
    expect(typedText('media:description', 'Alt', 'plain')).toBe(
      '<media:description type="plain">Alt</media:description>',
    );
  });

  it('is type="html", escaped as HTML, with & or <', () => {
    expect(typedText('title', 'Fish &amp; <chips>')).toBe(
      '<title type="html">Fish &amp;amp;amp; &amp;lt;chips&amp;gt;</title>',
    );
  });
});

describe('hostile text fields in every format', () => {
  const typed: Article = {
    ...plain,
    title: 'Tariffs & <Trade>: what "fair" means, &amp; </script>',
    dek: "AT&T's <b>bold</b> claim & 5 < 6",
    authors: [{ slug: 'o-brien', name: "O'Brien & <Sons>" }],
    image: { url: 'https://media.example/a.png', alt: 'Map of <Gaza> & the "buffer"', credit: 'AFP & <pool>' },
  };

  it('RSS: shows the typed characters, written with hexadecimal references', () => {
    const xml = decode(renderRss(meta, [typed]));
    expect(xml).toContain(
      '<title>Tariffs &#x26; &#x3C;Trade&gt;: what "fair" means, &#x26;amp; &#x3C;/script&gt;</title>',
    );
    const [item] = rssChannel(xml).item as [XmlNode];
    expect(text(item.title)).toBe(typed.title);
    expect(decodeHtmlText(text(item.description))).toBe(typed.dek);
    expect(list(item['dc:creator']).map(text)).toEqual(["O'Brien & <Sons>"]);
    const [content] = list(item['media:content']) as [XmlNode];
    expect(shownText(content['media:description'])).toBe(typed.image!.alt);
    expect(text(content['media:credit'])).toBe(typed.image!.credit);
  });

  it('Atom: shows the typed characters, titles and summaries as type="html"', () => {
    const [entry] = atomFeed(renderAtom(meta, [typed])).entry as [XmlNode];
    expect(entry.title).toMatchObject({ '@type': 'html' });
    expect(shownText(entry.title)).toBe(typed.title);
    expect(shownText(entry.summary)).toBe(typed.dek);
    expect(text((list(entry.author)[0] as XmlNode).name)).toBe("O'Brien & <Sons>");
  });

  it('JSON Feed: carries the typed characters as they are', () => {
    const [item] = (JSON.parse(decode(renderJsonFeed(meta, [typed]))) as { items: Record<string, unknown>[] }).items;
    expect(item).toMatchObject({ title: typed.title, summary: typed.dek, authors: [{ name: "O'Brien & <Sons>" }] });
  });
});
