import { describe, expect, it } from 'vitest';
import { sha256, sha256Base64url } from '../../src/http/digest';

// FIPS 180-4 example: SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad.
describe('sha256Base64url', () => {
  it('gives the first 18 bytes of the digest by default, base64url without padding', async () => {
    expect(await sha256Base64url('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7AD');
  });

  it('gives the whole digest when asked', async () => {
    expect(await sha256Base64url('abc', 32)).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('hashes a string as its UTF-8 bytes', async () => {
    expect(await sha256('é')).toEqual(await sha256(new Uint8Array([0xc3, 0xa9])));
  });
});
