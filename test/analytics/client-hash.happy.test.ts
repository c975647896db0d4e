import { describe, expect, it } from 'vitest';
import { clientHash } from '../../src/analytics/client-hash';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const encoder = new TextEncoder();

/** HMAC-SHA-256 with WebCrypto, the definition the hashes stored so far were made with. */
async function hmac(key: BufferSource, data: string): Promise<Uint8Array> {
  const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', imported, encoder.encode(data)));
}

async function expected(secret: string, day: string, address: string, reader: string): Promise<string> {
  const dayKey = await hmac(encoder.encode(secret), `analytics-client-key\n${day}`);
  const mac = await hmac(dayKey, `${address}\n${reader}`);
  return [...mac.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('the daily client hash', () => {
  it('is HMAC-SHA-256 under the day key, as WebCrypto computes it: hashes stored before stay comparable', async () => {
    const cases: [string, string, string][] = [
      ['2026-12-01', '203.0.113.7', 'NetNewsWire'],
      ['2026-12-01', '2001:db8::1', 'Web browser'],
      ['2026-12-02', '203.0.113.7', 'NetNewsWire'],
      ['2027-01-01', '', 'Other'],
      ['2026-12-01', '198.51.100.20', 'Reader with ünïcode'],
    ];
    for (const [day, address, reader] of cases)
      expect(clientHash(SECRET, day, address, reader)).toBe(await expected(SECRET, day, address, reader));
  });

  it('differs by day, secret, address and reader, and is 32 hex digits', () => {
    const base = clientHash(SECRET, '2026-12-01', '203.0.113.7', 'NetNewsWire');
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(clientHash(SECRET, '2026-12-02', '203.0.113.7', 'NetNewsWire')).not.toBe(base);
    expect(clientHash(`${SECRET}!`, '2026-12-01', '203.0.113.7', 'NetNewsWire')).not.toBe(base);
    expect(clientHash(SECRET, '2026-12-01', '203.0.113.8', 'NetNewsWire')).not.toBe(base);
    expect(clientHash(SECRET, '2026-12-01', '203.0.113.7', 'Miniflux')).not.toBe(base);
    expect(clientHash(SECRET, '2026-12-01', '203.0.113.7', 'NetNewsWire')).toBe(base);
  });
});
