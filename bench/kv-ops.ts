/**
 * KV operations per request, as the worker itself counts them (`Server-Timing: kv;desc="N ops"`),
 * for cold and cached requests of feeds, served by workerd under `wrangler dev` with local KV.
 * Run: npx tsx bench/kv-ops.ts   (part of `npm run bench`)
 */
import { ensureDevVars, seedLocal, startWranglerDev } from '../scripts/lib/local-dev';

const PORT = 8790;
const PATHS = [
  '/feeds/all.rss?limit=50',
  '/feeds/region/asia-pacific.atom',
  '/feeds/region/asia-pacific.json?tag=china&limit=100',
  '/feeds/tag/china.rss',
  '/feeds/author/li-wei.atom',
  '/feeds/kind/analysis.json?limit=100',
];

const opsOf = (res: Response) => Number(/kv;desc="(\d+) ops"/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);

await ensureDevVars();
await seedLocal();
const dev = await startWranglerDev(PORT, [], 'ignore');
try {
  const rows: string[] = [];
  let worstCold = 0;
  let worstCached = 0;
  for (const path of PATHS) {
    // A unique parameter makes the first request a cache miss even if an earlier run cached the feed.
    const url = `http://localhost:${PORT}${path}${path.includes('?') ? '&' : '?'}bench=${Date.now()}`;
    const cold = await fetch(url);
    await cold.arrayBuffer();
    const cached = await fetch(url);
    await cached.arrayBuffer();
    worstCold = Math.max(worstCold, opsOf(cold));
    worstCached = Math.max(worstCached, opsOf(cached));
    rows.push(
      `${path.padEnd(52)} ${String(opsOf(cold)).padStart(4)} (${cold.headers.get('x-edge-cache')})  ${String(opsOf(cached)).padStart(4)} (${cached.headers.get('x-edge-cache')})`,
    );
  }
  console.log('KV operations per request (Server-Timing), target: cold ≤ 2, cached 0');
  console.log(`${'feed'.padEnd(52)} cold        cached`);
  for (const row of rows) console.log(row);
  console.log(
    `worst: cold ${worstCold} (target ≤ 2) ${worstCold <= 2 ? 'met' : 'MISSED'}, cached ${worstCached} (target 0) ${worstCached === 0 ? 'met' : 'MISSED'}`,
  );
} finally {
  dev.stop();
}
