import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Applies migrations/ to the local D1 database that `wrangler dev` serves (the ANALYTICS binding), the way a
 * deploy applies them remotely. Already applied migrations are skipped, so this is cheap on every start.
 * `persistTo` is wrangler's `--persist-to` (the benchmark's own state folder); by default `.wrangler/state`.
 */
export async function applyLocalMigrations(persistTo?: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'npx',
    [
      'wrangler',
      'd1',
      'migrations',
      'apply',
      'ANALYTICS',
      '--local',
      ...(persistTo ? ['--persist-to', persistTo] : []),
    ],
    // CI=true: wrangler asks no questions; the answer would be "yes" anyway.
    { env: { ...process.env, CI: 'true' }, maxBuffer: 4 << 20 },
  );
  return /No migrations to apply/.test(stdout) ? 'no new migrations' : 'the new migrations';
}
