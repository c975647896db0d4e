import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/feeds/byte-writer';
import {
  cdata,
  escapeAttribute,
  escapeText,
  isCdataSafe,
  isWrittenCdataSafe,
  stripInvalidXmlChars,
  writeEscapedText,
} from '../../src/feeds/xml';
import { encode, xmlParser, text } from './support';

const parseText = (xml: string) => text((xmlParser.parse(`<r>${xml}</r>`) as { r: unknown }).r);
const parseAttribute = (value: string) =>
  (xmlParser.parse(`<r a="${value}"/>`) as { r: Record<string, string> }).r['@a'] ?? '';

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

/** Text that exercises every branch of the byte-level code: each entity, controls, non-characters, surrogates, ]]>. */
const trickyText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '&',
        '<',
        '>',
        '\r',
        '\n',
        '\t',
        ' ',
        ']',
        ']]>',
        ']]',
        '\u0000',
        '\u001F',
        '\u007F',
        'é',
        '—',
        '\uFFFD',
        '\uFFFE',
        '\uFFFF',
      ),
      fc.constantFrom(
        '\uEFFF',
        '\uF000',
        '\uFFFC',
        '\uD800',
        '\uDBFF',
        '\uDC00',
        '😀',
        '中文',
        'مرحبا',
        '<p>text</p>',
        'abcd',
      ),
      fc.string({ unit: 'binary', maxLength: 9 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('writeEscapedText', () => {
  const written = (value: string, before = '') => {
    const out = new ByteWriter(16);
    out.write(before);
    writeEscapedText(out, value);
    return out.bytes();
  };

  it('writes the UTF-8 of escapeText, for any text', () => {
    fc.assert(
      fc.property(trickyText, fc.string({ maxLength: 3 }), (value, before) => {
        expect(written(value, before)).toEqual(encode(before + escapeText(value)));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('escapes markup four bytes at a time and one at a time alike', () => {
    for (const value of [
      '<p>a & b</p>',
      'abc<',
      'abcd<efg>',
      '&&&&&&&&',
      'x\r\ny',
      'long text with no markup at all',
      'é<é>é&é',
    ]) {
      expect(written(value)).toEqual(encode(escapeText(value)));
      expect(written(value, 'x')).toEqual(encode(`x${escapeText(value)}`));
    }
  });

  it('escapes a body far longer than its reused buffer, and a short one after it', () => {
    const long = '<p>“Long” & <b>bold</b> — 😀</p>\r\n'.repeat(20_000);
    // Compared as text: an element-by-element comparison of two 1 MB arrays takes the test runner seconds.
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(written(long))).toBe(escapeText(long));
    expect(written('<i>after</i>')).toEqual(encode('&lt;i&gt;after&lt;/i&gt;'));
  });

  it('takes the string route for a character XML forbids, and for U+FFFD, which may stand for a lone surrogate', () => {
    expect(written('a\u0001<b')).toEqual(encode('a&lt;b'));
    expect(written('a\uD800<b')).toEqual(encode('a&lt;b'));
    expect(written('a\uFFFD<b')).toEqual(encode('a\uFFFD&lt;b'));
    expect(written('a\uFFFE\uFFFF<b')).toEqual(encode('a&lt;b'));
    expect(written('\uF000\uFFFC<')).toEqual(encode('\uF000\uFFFC&lt;'));
  });
});

describe('isWrittenCdataSafe', () => {
  const check = (value: string, before = '') => {
    const out = new ByteWriter(16);
    out.write(before);
    const start = out.length;
    out.write(value);
    return isWrittenCdataSafe(out, start);
  };

  it('agrees with isCdataSafe on the text the bytes encode, for any text', () => {
    fc.assert(
      fc.property(trickyText, fc.constantFrom('', 'x', ']]', ']'), (value, before) => {
        // U+FFFD is refused because encodeInto writes it for a lone surrogate; such text takes the careful route.
        expect(check(value, before)).toBe(isCdataSafe(value) && !value.includes('\uFFFD'));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('finds ]]> wherever it falls against the four-byte words, but not across the start', () => {
    for (const pad of ['', 'a', 'ab', 'abc', 'abcd']) {
      expect(check(`${pad}]]>`)).toBe(false);
      expect(check(`${pad}]]`)).toBe(true);
      expect(check(`${pad}]>]]`)).toBe(true);
    }
    expect(check('>', ']]')).toBe(true);
  });
});
