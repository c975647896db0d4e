import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { alive, descendants } from '../../scripts/lib/process-tree';

/** `npm start` as a newcomer runs it, in a process group of its own (as a terminal or CI runner gives it). */
export interface NpmStart {
  npm: ChildProcess;
  /** Everything printed so far, stdout and stderr apart. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) of npm. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function npmStart(args: string[], env: Record<string, string> = {}): NpmStart {
  const npm = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  npm.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { npm, stdout: () => out, stderr: () => err, exited };
}

/** Waits until the banner is printed; fails early with the output if npm exits instead. */
export async function untilRunning(run: NpmStart, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/is running on http:\/\/localhost:\d+/.test(run.stdout())) {
    if (run.npm.exitCode !== null || Date.now() > deadline) {
      throw new Error(`npm start did not come up:\n${run.stdout()}\n${run.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every process npm start has running: npm and all below it (wrangler, workerd, esbuild …). */
export function processTree(run: NpmStart): number[] {
  return [run.npm.pid!, ...descendants(run.npm.pid!)];
}

/** Resolves with the processes of `pids` still running after `timeoutMs`. */
export async function stillRunning(pids: number[], timeoutMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(alive);
}

/** Whether anything accepts connections on the loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The process named by its command line among `pids` (e.g. "scripts/start.ts"). */
export function pidOf(pids: number[], commandPart: string): number {
  for (const pid of pids) {
    try {
      // Linux: arguments are NUL-separated.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(commandPart)) return pid;
    } catch {
      // gone
    }
  }
  throw new Error(`no process running ${commandPart}`);
}
