import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { descendants, signal } from '../../scripts/lib/process-tree';
import {
  freePort,
  listening,
  npmStart,
  pidOf,
  processTree,
  stillRunning,
  untilRunning,
  type NpmStart,
} from './npm-start';

/** Each case starts its own server on free ports; whatever a failing case leaves behind is killed here. */
let leftovers: number[] = [];
afterEach(() => {
  // Listed again first: wrangler may have replaced its workerd since the case took its list.
  for (const pid of [...leftovers, ...leftovers.flatMap(descendants)]) signal(pid, 'SIGKILL');
  leftovers = [];
});

/** Starts npm start on a free port, chosen by `--port` or `PORT` as the case says, and waits for its banner. */
async function running(how: (port: number) => { args?: string[]; env?: Record<string, string> }) {
  const port = await freePort();
  const inspector = await freePort();
  const { args = [], env = {} } = how(port);
  const run = npmStart([...args, '--inspector-port', String(inspector)], env);
  leftovers = [run.npm.pid!];
  const tree = await expectUp(run, port, inspector);
  return { run, port, inspector, tree };
}

async function expectUp(run: NpmStart, port: number, inspector: number) {
  await untilRunning(run);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', environment: 'development' });
  // --inspector-port is not ours: it reached wrangler untouched.
  expect(await listening(inspector)).toBe(true);
  const tree = processTree(run);
  leftovers = tree;
  expect(tree.length).toBeGreaterThan(4); // npm, sh, start.ts, supervisor, wrangler, workerd …
  return tree;
}

async function expectAllStopped(tree: number[], port: number, inspector: number) {
  expect(await stillRunning(tree)).toEqual([]);
  expect(await listening(port)).toBe(false);
  expect(await listening(inspector)).toBe(false);
}

describe('npm start stops everything it started', () => {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`on ${sig} to its process group (Ctrl-C, a process manager, a closed terminal)`, async () => {
      const { run, port, inspector, tree } = await running((port) => ({ args: ['--port', String(port)] }));
      process.kill(-run.npm.pid!, sig);
      await expectAllStopped(tree, port, inspector);
    });
  }

  it('on SIGTERM to npm alone, as docker stop sends it to the first process', async () => {
    const { run, port, inspector, tree } = await running((port) => ({ env: { PORT: String(port) } }));
    process.kill(run.npm.pid!, 'SIGTERM');
    await expectAllStopped(tree, port, inspector);
  });

  it('when npm is killed outright (SIGKILL): start.ts notices its parent is gone', async () => {
    const { run, port, inspector, tree } = await running((port) => ({ args: ['--port', String(port)] }));
    process.kill(run.npm.pid!, 'SIGKILL');
    await expectAllStopped(tree, port, inspector);
  });

  it('when start.ts itself is killed outright (SIGKILL): wrangler and workerd go with it', async () => {
    const { port, inspector, tree } = await running((port) => ({ args: [`--port=${port}`] }));
    process.kill(pidOf(tree, 'scripts/start.ts'), 'SIGKILL');
    await expectAllStopped(tree, port, inspector);
  });
});

describe('npm start and its port', () => {
  it('refuses a port another server holds, in one line, without claiming success', async () => {
    // A leftover from an earlier run: it answers /healthz just as ours would.
    const leftover = createServer((_, res) => res.end('{"status":"ok"}')).listen(0, '127.0.0.1');
    await new Promise((r) => leftover.once('listening', r));
    const port = (leftover.address() as { port: number }).port;
    try {
      const run = npmStart([], { PORT: String(port) });
      leftovers = [run.npm.pid!];
      const { code } = await run.exited;
      expect(code).not.toBe(0);
      expect(run.stdout()).not.toMatch(/is running|Seeded/);
      // npm adds its own "npm error …" lines after a failed script; ours is the one line before them.
      const ours = run
        .stderr()
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('npm '));
      expect(ours).toEqual([
        expect.stringMatching(
          new RegExp(`^port ${port} is in use by another process; stop it or run PORT=\\d+ npm start$`),
        ),
      ]);
    } finally {
      leftover.close();
    }
  });

  it('refuses a port that is not a number, in one line', async () => {
    const run = npmStart(['--port', 'eighty']);
    leftovers = [run.npm.pid!];
    expect((await run.exited).code).not.toBe(0);
    const ours = run
      .stderr()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('npm '));
    expect(ours).toEqual(['--port must be a port number from 1 to 65535, not "eighty"']);
  });
});
