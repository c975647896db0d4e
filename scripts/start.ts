/**
 * `npm start`: local secrets from .dev.vars.example when missing, local KV seeded from fixtures/,
 * then `wrangler dev` (workerd) on http://localhost:8787 (`--port N` or `PORT=N` to change).
 *
 * Stopping stops everything it started: Ctrl-C (SIGINT), SIGTERM and SIGHUP, here or to the process group,
 * and the death of `npm` above us. Run by `node --import tsx` rather than the tsx CLI, so no relaying
 * process sits between npm and this one.
 */
import { nextFreePort, parseStartArgs, portInUse } from './lib/dev-port';
import { alive, ancestorsInGroup } from './lib/process-tree';
import { ensureDevVars, seedLocal, startWranglerDev, type DevServer } from './lib/local-dev';
import { applyLocalMigrations } from './lib/d1-migrations';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let dev: DevServer | undefined;
const seeding = new AbortController();
let seeded: Promise<unknown> = Promise.resolve();
let stopping = false;

/** Stops wrangler (if started), then ends this process with the signal's own status, as a shell expects. */
async function stopAll(signal: NodeJS.Signals | undefined): Promise<never> {
  if (!stopping) {
    stopping = true;
    seeding.abort(new Error('stopped'));
    // The push shuts its local runtime down before it settles; a wrangler starting up stops when we are gone.
    await seeded.catch(() => {});
    await dev?.stop();
  }
  for (const name of STOP_SIGNALS) process.removeAllListeners(name);
  if (signal) process.kill(process.pid, signal);
  process.exit(1);
}

// Registered before anything starts, so a Ctrl-C while seeding is handled too.
for (const name of STOP_SIGNALS) process.on(name, () => void stopAll(name));
// npm killed outright (SIGKILL) tells nobody, and the shell between it and us lives on: watch them both.
const ancestors = ancestorsInGroup();
setInterval(() => {
  if (!ancestors.every(alive)) void stopAll('SIGTERM');
}, 500).unref();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args: ReturnType<typeof parseStartArgs>;
try {
  args = parseStartArgs(process.argv.slice(2), { PORT: process.env.PORT });
} catch (error) {
  fail((error as Error).message);
}
const { port, wranglerArgs } = args;

// A server left on the port would answer /healthz for us while wrangler fails to bind: refuse up front.
if (await portInUse(port)) {
  fail(`port ${port} is in use by another process; stop it or run PORT=${await nextFreePort(port)} npm start`);
}

if (await ensureDevVars()) console.log('Created .dev.vars from .dev.vars.example (local secrets; never committed).');
try {
  seeded = seedLocal('fixtures', { signal: seeding.signal });
  console.log(`Seeded local KV with ${await seeded}.`);
  console.log(`Local D1 (analytics): applied ${await applyLocalMigrations()}.`);
  dev = await startWranglerDev(port, wranglerArgs);
} catch (error) {
  if (stopping) await new Promise(() => {}); // stopAll is ending the process
  fail((error as Error).message);
}
void dev.exited.then((code) => {
  if (!stopping) process.exit(code);
});

const base = `http://localhost:${port}`;
console.log(`
Edge Syndication is running on ${base}   (Ctrl-C stops it; --port N or PORT=N npm start for another port)
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
