/**
 * JSON string contents written straight to UTF-8, for long text (JSON Feed `content_html`): the same bytes as the
 * inside of `JSON.stringify(text)`, without building the escaped string. JSON.stringify escapes `"` and `\`, the C0
 * controls (`\b \t \n \f \r` by name, the others as `\u00xx`) and lone surrogates (ECMA-262 §25.5.2.3, QuoteJSONString);
 * everything else, non-ASCII included, is written as it is (RFC 8259 §7).
 */
import type { ByteWriter } from './byte-writer';

const encoder = new TextEncoder();
const HEX = '0123456789abcdef';
/** The escape of each C0 control, as JSON.stringify writes it. */
const CONTROL_ESCAPES = Array.from({ length: 0x20 }, (_, code) => {
  const short = { 8: 'b', 9: 't', 10: 'n', 12: 'f', 13: 'r' }[code];
  return encoder.encode(short === undefined ? `\\u00${HEX[code >> 4]}${HEX[code & 15]}` : `\\${short}`);
});
/**
 * Only ASCII bytes are escaped, one per UTF-16 code unit at most, and each grows by at most 5 bytes (`\u001f`): the
 * escaped bytes exceed the encoded ones by at most 5 per code unit.
 */
const MAX_EXTRA = 5;

/**
 * Appends the inside of `JSON.stringify(text)` (without its quotes) to `out`. The text is encoded into the far end of
 * the room claimed, then copied forward with escapes put in: the write position starts MAX_EXTRA bytes per code unit
 * behind the read position, as far as escapes can ever move it ahead, so it never overtakes it. `"`, `\` and the controls are ASCII, and an ASCII byte never
 * occurs inside the encoding of another character, so escaping the bytes is escaping the characters. A lone
 * surrogate, which encodeInto turns into U+FFFD (EF BF BD, as a real U+FFFD is), sends the text the string way.
 */
export function writeJsonStringContent(out: ByteWriter, text: string): void {
  const at = out.length;
  const maxRaw = text.length * 3; // a UTF-16 code unit encodes to at most 3 bytes
  const from = at + text.length * MAX_EXTRA;
  const bytes = out.claim(from - at + maxRaw);
  const view = out.view;
  const length = encoder.encodeInto(text, bytes.subarray(from, from + maxRaw)).written;
  const end = escapeJsonBytes(bytes, view, from, from + length, at);
  if (end === -1) out.write(JSON.stringify(text).slice(1, -1));
  else out.commit(end);
}

/**
 * Copies bytes[i, end) to `at` on with JSON's escapes; the end offset, or -1 at EF BF BD (U+FFFD, which may have been a
 * lone surrogate). Four bytes at a time while none needs a look: `(v - 0x01010101) & ~v & 0x80808080` is non-zero
 * exactly when a byte of v is zero (so `v ^ 0x22222222` tests for `"`), and with 0x20202020 when a byte is below 0x20.
 */
function escapeJsonBytes(bytes: Uint8Array, view: DataView, i: number, end: number, at: number): number {
  while (i < end) {
    while (i + 4 <= end) {
      const v = view.getInt32(i, true);
      const quote = v ^ 0x22222222;
      const backslash = v ^ 0x5c5c5c5c;
      const ef = v ^ 0xefefefef;
      const look =
        ((v - 0x20202020) & ~v) |
        ((quote - 0x01010101) & ~quote) |
        ((backslash - 0x01010101) & ~backslash) |
        ((ef - 0x01010101) & ~ef);
      if ((look & 0x80808080) !== 0) break;
      view.setInt32(at, v, true);
      at += 4;
      i += 4;
    }
    if (i >= end) break;
    const b = bytes[i] as number;
    if (b === 0x22 || b === 0x5c) {
      bytes[at] = 0x5c;
      bytes[at + 1] = b;
      at += 2;
    } else if (b < 0x20) {
      const escape = CONTROL_ESCAPES[b] as Uint8Array;
      bytes.set(escape, at);
      at += escape.length;
    } else if (b === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) {
      return -1;
    } else {
      bytes[at++] = b;
    }
    i++;
  }
  return at;
}
