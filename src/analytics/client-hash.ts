/**
 * A reader that announces nothing is counted as distinct clients: a client is an HMAC of its address and the
 * reader's name under a key that changes every UTC day. The key is derived from a secret and the date, so the
 * same client on two days gives two unrelated hashes, and the address itself is never kept.
 */
const encoder = new TextEncoder();
/** One day's key per isolate; held as the key itself, not a promise, so no request waits on another's work. */
let current: { secret: string; day: string; key: CryptoKey } | undefined;

function importHmacKey(raw: BufferSource): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** The key of one day: HMAC-SHA-256(secret, "analytics-client-key\n" + day). */
async function dayKey(secret: string, day: string): Promise<CryptoKey> {
  if (current?.day === day && current.secret === secret) return current.key;
  const master = await importHmacKey(encoder.encode(secret));
  const key = await importHmacKey(
    await crypto.subtle.sign('HMAC', master, encoder.encode(`analytics-client-key\n${day}`)),
  );
  current = { secret, day, key };
  return key;
}

/** 16 bytes of HMAC(day key, address + "\n" + reader), hex: collisions are negligible at any feed's audience. */
export async function clientHash(secret: string, day: string, address: string, reader: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await dayKey(secret, day), encoder.encode(`${address}\n${reader}`));
  return [...new Uint8Array(mac, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
