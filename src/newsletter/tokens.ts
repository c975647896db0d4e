import * as z from 'zod';
import { base64url, fromBase64url } from '../http/base64url';
import { hmac, hmacVerify } from './crypto';

/**
 * Signed, single-purpose tokens: `<payload>.<signature>`, both base64url. The payload names the
 * purpose, the subscriber (by the keyed hash of the address, never the address), the opt-in
 * generation and an expiry; the signature is HMAC-SHA-256 over it, checked in constant time.
 */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'manage';

/** How long each kind of link works: confirmation 48 h (the rule), the others long enough for old emails. */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  confirm: 48 * 3600,
  unsubscribe: 2 * 365 * 24 * 3600,
  manage: 90 * 24 * 3600,
};

const Payload = z.strictObject({
  p: z.enum(['confirm', 'unsubscribe', 'manage']),
  s: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  g: z.int().min(1),
  e: z.int(),
});
export type TokenPayload = z.infer<typeof Payload>;

export async function signToken(
  secret: string,
  purpose: TokenPurpose,
  subscriberId: string,
  generation: number,
  nowMs: number,
): Promise<string> {
  const payload: TokenPayload = {
    p: purpose,
    s: subscriberId,
    g: generation,
    e: Math.floor(nowMs / 1000) + TOKEN_LIFETIME_SECONDS[purpose],
  };
  const body = base64url(new TextEncoder().encode(JSON.stringify(payload)));
  return `${body}.${base64url(await hmac(secret, 'token', body))}`;
}

export type TokenCheck =
  { ok: true; payload: TokenPayload } | { ok: false; reason: 'malformed' | 'signature' | 'purpose' | 'expired' };

export async function verifyToken(
  secret: string,
  token: string,
  purpose: TokenPurpose,
  nowMs: number,
): Promise<TokenCheck> {
  const [body, signature, extra] = token.split('.');
  const sig = signature === undefined ? null : fromBase64url(signature);
  if (!body || !sig || extra !== undefined || token.length > 1024) return { ok: false, reason: 'malformed' };
  if (!(await hmacVerify(secret, 'token', body, sig))) return { ok: false, reason: 'signature' };
  const bytes = fromBase64url(body);
  let parsed: ReturnType<typeof Payload.safeParse>;
  try {
    parsed = Payload.safeParse(JSON.parse(new TextDecoder().decode(bytes!)));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (parsed.data.p !== purpose) return { ok: false, reason: 'purpose' };
  if (parsed.data.e * 1000 < nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, payload: parsed.data };
}
