/**
 * Base64 (RFC 4648 §4), padded: feed items are stored in it (src/feeds/item-fragments.ts). A whole multiple of 3
 * bytes at a time, so the chunks' encodings join into one, and few enough that String.fromCharCode's arguments fit.
 */
export function base64(bytes: Uint8Array): string {
  const CHUNK = 3 * 8192;
  let text = '';
  for (let i = 0; i < bytes.length; i += CHUNK) text += btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK)));
  return text;
}

/** Base64url without padding (RFC 4648 §5): ETags, page cursors and newsletter tokens travel in URLs and headers. */
export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

/** The bytes of a base64url string, or null when it is not one. */
export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
