/**
 * Runs `wrangler dev <args>` and makes sure it never outlives whoever started it.
 *
 * Started by `startWranglerDev` with an IPC channel. Wrangler stays in the caller's process group, so a
 * Ctrl-C in the terminal reaches it directly; this process adds what the group cannot give:
 * - SIGINT, SIGTERM or SIGHUP here stops wrangler (wrangler's own launcher ignores SIGHUP and would leave
 *   its workerd running);
 * - the IPC channel closing means the parent died, even by SIGKILL, which no handler sees: stop too;
 * - workerd outlives a wrangler that is killed (it is re-parented to init and keeps the port), so the whole
 *   tree is listed first and whatever is still running after a grace period is killed.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { alive, descendants, signal } from './process-tree';

/** How long wrangler gets to stop its workerd before every process of the tree is killed. */
const GRACE_MS = 5_000;

const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
const wrangler = spawn(process.execPath, [wranglerBin, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });

let stopping: Promise<void> | undefined;

function stop(): Promise<void> {
  stopping ??= (async () => {
    const tree = descendants(process.pid);
    // SIGTERM is the one signal both wrangler's launcher and wrangler itself turn into an orderly teardown.
    if (wrangler.exitCode === null && wrangler.signalCode === null) signal(wrangler.pid!, 'SIGTERM');
    const deadline = Date.now() + GRACE_MS;
    while (tree.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const pid of tree) signal(pid, 'SIGKILL');
  })();
  return stopping;
}

for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(name, () => void stop().then(() => process.exit(0)));
}
process.on('disconnect', () => void stop().then(() => process.exit(0)));
wrangler.on('exit', (code, sig) => {
  // Wrangler ended on its own (a bad flag, a port taken): take its workerd with it and report its status.
  void stop().then(() => process.exit(code ?? (sig ? 1 : 0)));
});
