import { spawn, type ChildProcess } from 'node:child_process';
import { access, copyFile } from 'node:fs/promises';
import { loadContentDir } from './content-dir';
import { localTarget, pushContent } from './push';

/** Creates .dev.vars from the committed example when missing; returns whether it did. */
export async function ensureDevVars(): Promise<boolean> {
  const exists = await access('.dev.vars').then(
    () => true,
    () => false,
  );
  if (!exists) await copyFile('.dev.vars.example', '.dev.vars');
  return !exists;
}

/**
 * Pushes a content folder (by default fixtures/) into the local KV that `wrangler dev` serves: its default store, or
 * the one it uses with `--persist-to <persistTo>`.
 */
export async function seedLocal(dir = 'fixtures', persistTo?: string): Promise<string> {
  const content = await loadContentDir(dir);
  if (content.problems.length > 0) {
    throw new Error(
      `${dir}/ has ${content.problems.length} invalid record(s):\n  ${content.problems.slice(0, 20).join('\n  ')}`,
    );
  }
  const target = await localTarget(persistTo);
  try {
    const { summary, failed } = await pushContent(target, content);
    if (failed.length > 0) throw new Error(`Refused:\n  ${failed.join('\n  ')}`);
    return summary;
  } finally {
    await target.close();
  }
}

export interface DevServer {
  child: ChildProcess;
  /** Stops wrangler and the workerd it started (the whole process group). */
  stop(signal?: NodeJS.Signals): void;
}

/** Starts `wrangler dev` (workerd) in its own process group and resolves once /healthz answers. */
export async function startWranglerDev(
  port: number,
  extraArgs: string[] = [],
  stdio: 'inherit' | 'ignore' = 'inherit',
): Promise<DevServer> {
  const child = spawn('npx', ['wrangler', 'dev', '--port', String(port), ...extraArgs], { stdio, detached: true });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const base = `http://localhost:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`wrangler dev did not answer on ${base} within a minute`);
}
