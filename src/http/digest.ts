import { base64url } from './base64url';

/** SHA-256 (FIPS 180-4) of bytes, or of a string's UTF-8 encoding. */
export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * The first `length` bytes of SHA-256 as base64url: 18 bytes (144 bits, 24 characters, no padding) by default, as
 * ETags and item digests use — far beyond any chance of collision among a site's documents, and short in headers.
 */
export async function sha256Base64url(data: string | Uint8Array, length = 18): Promise<string> {
  return base64url((await sha256(data)).subarray(0, length));
}
