/**
 * `npm start`: local secrets from .dev.vars.example when missing, local KV seeded from fixtures/,
 * then `wrangler dev` (workerd) on http://localhost:8787.
 */
import { applyLocalMigrations } from './lib/d1-migrations';
import { ensureDevVars, seedLocal, startWranglerDev } from './lib/local-dev';

const port = Number(process.env.PORT ?? 8787);
const base = `http://localhost:${port}`;

if (await ensureDevVars()) console.log('Created .dev.vars from .dev.vars.example (local secrets; never committed).');
console.log(`Seeded local KV with ${await seedLocal()}.`);
console.log(`Local D1 (analytics): applied ${await applyLocalMigrations()}.`);

const dev = await startWranglerDev(port, process.argv.slice(2));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.stop(signal));
dev.child.on('exit', (code) => process.exit(code ?? 0));

console.log(`
Edge Syndication is running on ${base}
  ${base}/                                  every feed, with item counts and copyable URLs
  ${base}/feeds/all.rss                     the whole site (also .atom and .json)
  ${base}/feeds/region/asia-pacific.atom    a region; also /feeds/tag/china.json, /feeds/author/li-wei.rss, /feeds/kind/analysis.rss
  ${base}/feeds/region/asia-pacific.rss?tag=china&limit=5
  ${base}/feeds/region/asia-pacific         a region's page for people
  ${base}/feeds.opml                        every feed for bulk import
  ${base}/widget                            the widget's embed builder, with a live preview
  ${base}/newsletter                        newsletter signup; its confirmation mail appears at ${base}/dev/outbox
  ${base}/healthz                           version and status
  ${base}/admin/articles/<slug>             publishing API (Authorization: Bearer <ADMIN_TOKEN from .dev.vars>)
`);
