import { spawn, type ChildProcess } from 'node:child_process';
import { access, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContentDir } from './content-dir';
import { seedDevMedia } from './dev-media';
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
 * the one it uses with `--persist-to <persistTo>`. An abort (Ctrl-C while seeding) stops it and still shuts down the
 * local runtime the push started.
 */
export async function seedLocal(
  dir = 'fixtures',
  { persistTo, signal }: { persistTo?: string; signal?: AbortSignal } = {},
): Promise<string> {
  const content = await loadContentDir(dir);
  if (content.problems.length > 0) {
    throw new Error(
      `${dir}/ has ${content.problems.length} invalid record(s):\n  ${content.problems.slice(0, 20).join('\n  ')}`,
    );
  }
  const target = await localTarget(persistTo);
  try {
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {}); // an abort after the push finished is nobody's error
    const { summary, failed } = await Promise.race([pushContent(target, content), aborted]);
    if (failed.length > 0) throw new Error(`Refused:\n  ${failed.join('\n  ')}`);
    const images = await Promise.race([seedDevMedia(target.kv, join(dir, 'media')), aborted]);
    return `${summary}, and ${images} stand-in images for development`;
  } finally {
    await target.close();
  }
}

export interface DevServer {
  /** The supervisor of wrangler dev (scripts/lib/dev-supervisor.ts). */
  child: ChildProcess;
  /** Resolves with the supervisor's exit code once wrangler and its workerd have stopped. */
  exited: Promise<number>;
  /** Stops wrangler and every process it started; resolves once they are gone. */
  stop(): Promise<number>;
}

const SUPERVISOR = fileURLToPath(new URL('./dev-supervisor.ts', import.meta.url));

/**
 * Starts `wrangler dev` (workerd) under a supervisor and resolves once /healthz answers. Wrangler stays in
 * our process group, so Ctrl-C reaches it; the supervisor stops it when asked, on SIGINT, SIGTERM and SIGHUP,
 * and when this process dies without asking (its IPC channel closes).
 */
export async function startWranglerDev(
  port: number,
  extraArgs: string[] = [],
  stdio: 'inherit' | 'ignore' = 'inherit',
): Promise<DevServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SUPERVISOR, '--port', String(port), ...extraArgs], {
    stdio: [stdio, stdio, stdio, 'ipc'],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false' },
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited with code ${await exited} before answering on ${base}`);
    }
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, exited, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${base} within a minute`);
}
