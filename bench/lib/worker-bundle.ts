import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface WorkerBundle {
  /** The bundled ES module, as `wrangler deploy` would upload it. */
  scriptPath: string;
  rawBytes: number;
  gzipBytes: number;
}

function run(args: string[], cwd: string): void {
  try {
    execFileSync('npx', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npx ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/**
 * Builds the worker exactly as `npm run build` does (the widget's browser code first, then
 * `wrangler deploy --dry-run`, which uploads nothing) into `outDir`, and measures the bundle.
 * `sourceDir` is the checkout to build: this one, or an earlier commit's files (see bench/http.ts).
 */
export async function buildWorkerBundle(outDir: string, sourceDir = '.'): Promise<WorkerBundle> {
  if (existsSync(join(sourceDir, 'scripts/build-widget.ts'))) run(['tsx', 'scripts/build-widget.ts'], sourceDir);
  run(['wrangler', 'deploy', '--dry-run', '--outdir', outDir], sourceDir);
  const scriptPath = join(outDir, 'index.js');
  const bytes = await readFile(scriptPath);
  return { scriptPath, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}
