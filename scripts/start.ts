/**
 * `npm start`: local secrets from .dev.vars.example when missing, local KV seeded from fixtures/,
 * then `wrangler dev` (workerd) on http://localhost:8787.
 */
import { spawn } from 'node:child_process';
import { copyFile, access } from 'node:fs/promises';
import { loadContentDir } from './lib/content-dir';
import { localTarget, pushContent } from './lib/push';

process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false'; // no location lookup needed locally
const PORT = process.env.PORT ?? '8787';
const BASE = `http://localhost:${PORT}`;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

if (!(await exists('.dev.vars'))) {
  await copyFile('.dev.vars.example', '.dev.vars');
  console.log('Created .dev.vars from .dev.vars.example (local secrets; never committed).');
}

const content = await loadContentDir('fixtures');
if (content.problems.length > 0) {
  console.error(`fixtures/ has ${content.problems.length} invalid record(s):\n  ${content.problems.slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
const target = await localTarget();
try {
  const { summary, failed } = await pushContent(target, content);
  console.log(`Seeded local KV with ${summary}.`);
  if (failed.length > 0) console.error(`Refused:\n  ${failed.join('\n  ')}`);
} finally {
  await target.close();
}

const dev = spawn('npx', ['wrangler', 'dev', '--port', PORT, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code) => process.exit(code ?? 0));

async function announce(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${BASE}/healthz`).then((r) => r.ok, () => false);
    if (ok) {
      console.log(`
Edge Syndication is running on ${BASE}
  ${BASE}/healthz                      version and status
  ${BASE}/admin/articles/<slug>        publishing API (Authorization: Bearer <ADMIN_TOKEN from .dev.vars>)
`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
void announce();
