/**
 * `npm run build`: bundles the worker exactly as `wrangler deploy` would (`--dry-run`, nothing is
 * uploaded) and prints the bundle's size, raw and gzipped, against the platform's limits.
 */
import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const OUT = 'dist';
execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', OUT], { stdio: 'inherit' });

let raw = 0;
let gzipped = 0;
for (const name of await readdir(OUT)) {
  if (!name.endsWith('.js')) continue;
  const bytes = await readFile(join(OUT, name));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
// Workers limits: 3 MB (Free) / 10 MB (Paid) compressed script size; our own target is 150 KB (the HTML parser of the
// body sanitizer, parse5, is about 45 KB of it).
const TARGET_GZIP_BYTES = 150 * 1024;
console.log(`Worker bundle: ${kb(raw)} raw, ${kb(gzipped)} gzipped (target ≤ ${kb(TARGET_GZIP_BYTES)} gzipped).`);
// CI runs this: a bundle over the target fails the build rather than growing unnoticed (docs/security.md).
if (gzipped > TARGET_GZIP_BYTES) {
  console.error(`The bundle is ${kb(gzipped - TARGET_GZIP_BYTES)} over the target.`);
  process.exitCode = 1;
}
