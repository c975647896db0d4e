import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, renderBytes, utf8 } from '../../src/feeds/byte-writer';
import { decode, encode } from './support';

describe('ByteWriter', () => {
  it('writes the UTF-8 of each string, in order', () => {
    const out = new ByteWriter();
    out.write('<a>');
    out.write('é — 中文 مرحبا 😀');
    out.writeBytes(utf8('</a>\n'));
    expect(out.bytes()).toEqual(encode('<a>é — 中文 مرحبا 😀</a>\n'));
    expect(out.length).toBe(out.bytes().length);
  });

  it('writes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    const out = new ByteWriter();
    out.write('a\uD800b');
    expect(out.bytes()).toEqual(encode('a\uD800b'));
    expect(decode(out.bytes())).toBe('a\uFFFDb');
  });

  it('grows by doubling, keeping what was written', () => {
    const out = new ByteWriter(16);
    const parts = Array.from({ length: 200 }, (_, i) => `${i}:${'€'.repeat(i % 7)};`);
    for (const part of parts) out.write(part);
    expect(out.bytes()).toEqual(encode(parts.join('')));
    expect(out.capacity).toBeGreaterThanOrEqual(out.length);
    expect(Math.log2(out.capacity) % 1).toBe(0);
  });

  it('holds one long string written in one go', () => {
    const out = new ByteWriter(16);
    const long = 'x😀'.repeat(50_000);
    out.write(long);
    expect(decode(out.bytes())).toBe(long);
  });

  it('equals TextEncoder for any text, however it is split', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 20 }), (parts) => {
        const out = new ByteWriter(16);
        for (const part of parts) out.write(part);
        expect(out.bytes()).toEqual(encode(parts.join('')));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('returns a right-sized copy from bytes(), which later writes and reset() do not touch', () => {
    const out = new ByteWriter();
    out.write('first');
    const first = out.bytes();
    expect(first.byteLength).toBe(5);
    expect(first.buffer.byteLength).toBe(5);
    out.reset();
    out.write('XXXXX');
    expect(decode(first)).toBe('first');
    expect(decode(out.bytes())).toBe('XXXXX');
  });

  it('commits what was written into the claimed room, and takes back with truncate()', () => {
    const out = new ByteWriter(16);
    out.write('ab');
    const bytes = out.claim(100);
    expect(bytes.length - out.length).toBeGreaterThanOrEqual(100);
    out.view.setUint8(out.length, 0x63); // "c" through the DataView of the same buffer
    bytes[out.length + 1] = 0x64;
    out.commit(out.length + 2);
    expect(decode(out.bytes())).toBe('abcd');
    out.truncate(1);
    out.write('z');
    expect(decode(out.bytes())).toBe('az');
  });

  it('refuses to commit outside the claimed room or to truncate past the end, saying what to do', () => {
    const out = new ByteWriter(16);
    out.write('abc');
    expect(() => out.commit(1)).toThrow(/claim it first/);
    expect(() => out.commit(out.capacity + 1)).toThrow(RangeError);
    expect(() => out.truncate(4)).toThrow(/outside the 3 bytes written/);
  });
});

describe('renderBytes', () => {
  it('returns what the callback wrote, as a new array each time', () => {
    const a = renderBytes((out) => out.write('one'));
    const b = renderBytes((out) => out.write('two'));
    expect(decode(a)).toBe('one');
    expect(decode(b)).toBe('two');
    expect(a.buffer).not.toBe(b.buffer);
  });

  it('starts every render empty, also after one that threw', () => {
    expect(() =>
      renderBytes((out) => {
        out.write('half a document');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(decode(renderBytes((out) => out.write('whole')))).toBe('whole');
  });

  it('gives a nested render a writer of its own', () => {
    const outer = renderBytes((out) => {
      out.write('<outer>');
      const inner = renderBytes((nested) => nested.write('inner'));
      out.write(decode(inner));
      out.write('</outer>');
    });
    expect(decode(outer)).toBe('<outer>inner</outer>');
  });
});
