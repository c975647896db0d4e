/** HMAC-SHA-256 helpers on Web Crypto; `verify` compares in constant time. */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, k);
  }
  return k;
}

/** A keyed hash with a purpose label, so one secret serves several uses without their outputs ever colliding. */
export async function hmac(secret: string, purpose: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await key(secret), encoder.encode(`${purpose}\n${message}`)));
}

export async function hmacVerify(
  secret: string,
  purpose: string,
  message: string,
  signature: Uint8Array,
): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await key(secret), signature, encoder.encode(`${purpose}\n${message}`));
}
