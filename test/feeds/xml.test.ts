import { describe, expect, it } from 'vitest';
import { cdata, escapeAttribute, escapeText, isCdataSafe, stripInvalidXmlChars } from '../../src/feeds/xml';
import { xmlParser, text } from './support';

const parseText = (xml: string) => text((xmlParser.parse(`<r>${xml}</r>`) as { r: unknown }).r);
const parseAttribute = (value: string) => ((xmlParser.parse(`<r a="${value}"/>`) as { r: Record<string, string> }).r['@a'] ?? '');

describe('stripInvalidXmlChars', () => {
  it('removes C0 controls but keeps tab, line feed and carriage return', () => {
    expect(stripInvalidXmlChars('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\th\ni\rj')).toBe('abcdefg\th\ni\rj');
  });

  it('removes U+FFFE and U+FFFF', () => {
    expect(stripInvalidXmlChars('x\uFFFEy\uFFFFz')).toBe('xyz');
  });

  it('removes lone surrogates and keeps surrogate pairs', () => {
    expect(stripInvalidXmlChars('a\uD800b\uDC00c😀d\uDBFF')).toBe('abc😀d');
    expect(stripInvalidXmlChars('\uDC00\uD800')).toBe('');
  });

  it('keeps RTL text, combining marks and DEL-range characters, which XML allows', () => {
    const value = 'שלום مرحبا \u202Eevil\u202C e\u0301 \u007F\u0085';
    expect(stripInvalidXmlChars(value)).toBe(value);
  });

  it('returns a string that needs no change as it is', () => {
    const value = 'Beijing’s new maritime law';
    expect(stripInvalidXmlChars(value)).toBe(value);
  });
});

describe('escapeText', () => {
  it('escapes &, < and >', () => {
    expect(escapeText('AT&T <b> x > y')).toBe('AT&amp;T &lt;b&gt; x &gt; y');
  });

  it('leaves quotes alone in element content', () => {
    expect(escapeText(`"quoted" and 'single'`)).toBe(`"quoted" and 'single'`);
  });

  it('writes CR as a character reference so it survives end-of-line normalisation', () => {
    expect(escapeText('a\r\nb')).toBe('a&#13;\nb');
    expect(parseText(escapeText('a\r\nb\rc'))).toBe('a\r\nb\rc');
  });

  it('strips invalid characters while escaping', () => {
    expect(escapeText('a\u0000<\uD800b')).toBe('a&lt;b');
  });

  it('does not double-escape an existing entity: the text is literal', () => {
    expect(escapeText('&amp;')).toBe('&amp;amp;');
    expect(parseText(escapeText('&amp; &lt;'))).toBe('&amp; &lt;');
  });
});

describe('escapeAttribute', () => {
  it('escapes &, <, >, double and single quotes', () => {
    expect(escapeAttribute(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('writes tab, line feed and CR as references so attribute normalisation keeps them', () => {
    expect(escapeAttribute('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(parseAttribute(escapeAttribute('a\tb\nc\rd "q"'))).toBe('a\tb\nc\rd "q"');
  });

  it('strips invalid characters', () => {
    expect(escapeAttribute('x\u0001\uFFFF"')).toBe('x&quot;');
  });

  it('returns a URL that needs no change as it is', () => {
    expect(escapeAttribute('https://meridian-review.example/a/b')).toBe('https://meridian-review.example/a/b');
  });
});

describe('cdata', () => {
  it('wraps text in one CDATA section when it holds no terminator', () => {
    expect(cdata('<p>a & b</p>')).toBe('<![CDATA[<p>a & b</p>]]>');
  });

  it('splits CDATA at every ]]>', () => {
    expect(cdata('a]]>b]]>c')).toBe('<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]>');
    for (const value of ['a]]>b]]>c', ']]>', ']]]>', ']]>]]>', 'x]', ']]', '>]]>>']) {
      expect(parseText(cdata(value))).toBe(value);
    }
  });

  it('strips invalid characters first, including ones that would hide a ]]>', () => {
    expect(cdata('a]]\u0001>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    expect(parseText(cdata('a]]\u0001>b'))).toBe('a]]>b');
  });

  it('keeps an empty section valid', () => {
    expect(cdata('')).toBe('<![CDATA[]]>');
  });
});

describe('isCdataSafe', () => {
  it('accepts ordinary HTML and refuses ]]> or invalid characters', () => {
    expect(isCdataSafe('<p>Hello “world” 😀</p>')).toBe(true);
    expect(isCdataSafe('a]]>b')).toBe(false);
    expect(isCdataSafe('a\u0002b')).toBe(false);
  });
});
