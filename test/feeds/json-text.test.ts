import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBytes } from '../../src/feeds/byte-writer';
import { writeJsonStringContent } from '../../src/feeds/json-text';
import { encode } from './support';

const written = (text: string) => renderBytes((out) => writeJsonStringContent(out, text));
const stringified = (text: string) => encode(JSON.stringify(text).slice(1, -1));

describe('writeJsonStringContent', () => {
  it.each([
    ['plain ASCII', 'plain text'],
    ['quotes and backslashes', '<a href="/x">\\d</a>'],
    ['every C0 control', Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')],
    ['DEL and C1, left as they are', '\u007f\u0085'],
    ['non-ASCII and emoji', 'Téhéran — “quoted” 😀'],
    ['a real U+FFFD', 'a\uFFFDb'],
    ['lone surrogates', 'x\uD800y\uDFFFz'],
    ['empty', ''],
  ])('writes %s as JSON.stringify does', (_name, text) => {
    expect(written(text)).toEqual(stringified(text));
  });

  it('writes any string as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(written(text)).toEqual(stringified(text));
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
