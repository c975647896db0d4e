/**
 * The part of node:crypto the worker uses, which workerd provides under the `nodejs_compat` flag (wrangler.toml):
 * synchronous hashing, where `crypto.subtle` would add a promise (the analytics client hash) or copy its input (a
 * document's ETag). Declared here rather than through @types/node, whose Node globals would leak into every worker
 * module.
 */
declare module 'node:crypto' {
  /** A Hash or an Hmac: fed with `update`, read once with `digest`. */
  interface Digest {
    update(data: string | Uint8Array): Digest;
    digest(): Uint8Array;
    digest(encoding: 'hex'): string;
  }
  export function createHmac(algorithm: 'sha256', key: string | Uint8Array): Digest;
  export function createHash(algorithm: 'sha256'): Digest;
}
