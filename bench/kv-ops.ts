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
// A Cache API cache of this run's own (src/env.ts EDGE_CACHE_NAME): the local cache persists between runs, and an
// extra query parameter does not make a miss (every spelling of a URL shares its canonical key).
const dev = await startWranglerDev(PORT, ['--var', `EDGE_CACHE_NAME:kv-ops-${Date.now()}`], 'ignore');
try {
  const rows: string[] = [];
  let worstCold = 0;
  let worstCached = 0;
  // An isolate reads the content generation on its first request and then at most every 5 s (docs/feeds.md,
  // "Polling"): that one extra read goes to a warm-up request, not to the first row.
  await (await fetch(`http://localhost:${PORT}/feeds/kind/news.rss`)).arrayBuffer();
  for (const path of PATHS) {
    const url = `http://localhost:${PORT}${path}`;
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
