import { describe, expect, it } from 'vitest';
import { sha256, sha256Now } from '../../src/http/digest';
import { contentEtag, contentEtagNow } from '../../src/http/representation';

// FIPS 180-4 example: SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad.
const ABC = new Uint8Array([0x61, 0x62, 0x63]);

describe('content ETags', () => {
  it('are the first 18 bytes of the SHA-256 digest, base64url without padding, quoted', async () => {
    expect(await contentEtag('abc')).toBe('"ungWv48Bz-pBQUDeXa4iI7AD"');
  });

  it('are the same computed at once from the bytes in place', async () => {
    expect(contentEtagNow(ABC)).toBe('"ungWv48Bz-pBQUDeXa4iI7AD"');
    const within = new Uint8Array([0xff, 0x61, 0x62, 0x63, 0xff]).subarray(1, 4);
    expect(contentEtagNow(within)).toBe(await contentEtag(ABC));
  });
});

describe('sha256', () => {
  it('hashes a string as its UTF-8 bytes', async () => {
    expect(await sha256('é')).toEqual(await sha256(new Uint8Array([0xc3, 0xa9])));
  });

  it('gives the same digest at once (node:crypto) as through crypto.subtle', async () => {
    const bytes = new TextEncoder().encode('Meridian Review '.repeat(10_000));
    expect([...sha256Now(bytes)]).toEqual([...(await sha256(bytes))]);
  });
});
