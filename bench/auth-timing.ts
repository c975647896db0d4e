/**
 * Timing profile of rejected admin requests: no token, wrong tokens of the same and of other
 * lengths, a token in the query string. The comparison hashes both tokens before comparing them,
 * so no case should stand out. Prints medians and p90s side by side; asserts nothing.
 * Run: npx tsx bench/auth-timing.ts   (part of `npm run bench`)
 */
import { readFileSync } from 'node:fs';
import { ensureDevVars, seedLocal, startWranglerDev } from '../scripts/lib/local-dev';

const PORT = 8791;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

await ensureDevVars();
await seedLocal();
const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1] ?? '';
const wrongSameLength = token.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x'));
const cases: [string, (url: string) => [string, RequestInit]][] = [
  ['no token', (u) => [u, {}]],
  ['wrong token, same length, last char', (u) => [u, { headers: { authorization: `Bearer ${wrongSameLength}` } }]],
  ['wrong token, first char', (u) => [u, { headers: { authorization: `Bearer x${token.slice(1)}` } }]],
  ['wrong token, short', (u) => [u, { headers: { authorization: 'Bearer abc' } }]],
  ['wrong token, 1 KB', (u) => [u, { headers: { authorization: `Bearer ${'a'.repeat(1024)}` } }]],
  ['token in query string', (u) => [`${u}?token=${token}`, {}]],
];

const dev = await startWranglerDev(PORT, [], 'ignore');
try {
  const url = `http://localhost:${PORT}/admin/articles/some-article`;
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  // Interleaved rounds, so drift in machine load hits every case alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, build] of cases) {
      const [u, init] = build(url);
      const started = performance.now();
      const res = await fetch(u, init);
      await res.arrayBuffer();
      samples.get(name)!.push(performance.now() - started);
      if (res.status !== 401) throw new Error(`${name}: expected 401, got ${res.status}`);
    }
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!;
  const base = pct(samples.get('no token')!, 0.5);
  console.log(`Rejected admin requests (${ROUNDS} rounds, all 401), latency through wrangler dev:`);
  console.log(`${'case'.padEnd(40)} median ms   p90 ms   median / "no token"`);
  for (const [name, xs] of samples) {
    console.log(
      `${name.padEnd(40)} ${pct(xs, 0.5).toFixed(2).padStart(9)} ${pct(xs, 0.9).toFixed(2).padStart(8)}   ${(pct(xs, 0.5) / base).toFixed(2)}×`,
    );
  }
} finally {
  dev.stop();
}
