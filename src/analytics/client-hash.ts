/**
 * A reader that announces nothing is counted as distinct clients: a client is an HMAC of its address and the
 * reader's name under a key that changes every UTC day. The key is derived from a secret and the date, so the
 * same client on two days gives two unrelated hashes, and the address itself is never kept.
 *
 * HMAC-SHA-256 from the runtime's node:crypto (workerd, `nodejs_compat`): synchronous, so a poll costs no promise and
 * no microtask hops, where `crypto.subtle.sign` cost most of what counting adds to a cached feed (`npm run bench:http`,
 * "Analytics"). The same HMAC as before, so hashes do not change.
 */
import { createHmac } from 'node:crypto';

/** One day's key per isolate. */
let current: { secret: string; day: string; key: Uint8Array } | undefined;

/** The key of one day: HMAC-SHA-256(secret, "analytics-client-key\n" + day). */
function dayKey(secret: string, day: string): Uint8Array {
  if (current?.day === day && current.secret === secret) return current.key;
  const key = createHmac('sha256', secret).update(`analytics-client-key\n${day}`).digest();
  current = { secret, day, key };
  return key;
}

/** 16 bytes of HMAC(day key, address + "\n" + reader), hex: collisions are negligible at any feed's audience. */
export function clientHash(secret: string, day: string, address: string, reader: string): string {
  return createHmac('sha256', dayKey(secret, day)).update(`${address}\n${reader}`).digest('hex').slice(0, 32);
}
