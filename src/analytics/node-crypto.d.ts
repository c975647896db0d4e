/**
 * The part of node:crypto the worker uses, which workerd provides under the `nodejs_compat` flag (wrangler.toml).
 * Declared here rather than through @types/node, whose Node globals would leak into every worker module.
 */
declare module 'node:crypto' {
  interface Hmac {
    update(data: string): Hmac;
    digest(): Uint8Array;
    digest(encoding: 'hex'): string;
  }
  export function createHmac(algorithm: 'sha256', key: string | Uint8Array): Hmac;
}
