import { createHash } from 'node:crypto';

/** SHA-256 (FIPS 180-4) of bytes, or of a string's UTF-8 encoding. */
export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * SHA-256 of bytes at once, hashed where they lie: `crypto.subtle.digest` copies its input first, which for a feed
 * document is another copy of up to a megabyte on the way to the response.
 */
export function sha256Now(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}
