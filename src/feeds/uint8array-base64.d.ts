/**
 * Uint8Array.fromBase64 (TC39 "Uint8Array to/from base64", in ECMAScript 2026), which workerd's V8 provides; the
 * TypeScript lib this project targets (ES2023) does not declare it yet.
 */
interface Uint8ArrayConstructor {
  fromBase64(text: string, options?: { alphabet?: 'base64' | 'base64url' }): Uint8Array;
}
