/**
 * Writes a deterministic synthetic corpus, one `<slug>.json` per article, for load and pagination tests.
 *
 *   npx tsx scripts/fixtures-generate.ts --count N [--out DIR] [--seed S]
 *   npm run fixtures:generate -- --count N
 *
 * Articles are generated, validated and written one at a time with a bounded number of writes in flight,
 * so memory stays flat even at 100k articles. Existing files in DIR are overwritten, never deleted.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Article } from '../src/schema/article';
import { syntheticArticle } from './lib/synthetic-corpus';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_COUNT = 100_000;
/** Enough to keep the disk busy without exhausting file descriptors or buffering much of the corpus. */
const CONCURRENT_WRITES = 64;
const USAGE = 'usage: fixtures-generate --count N [--out DIR] [--seed S]   (N from 1 to 100000)';

interface Options {
  count: number;
  out: string;
  seed: number;
}

class UsageError extends Error {}

/** Accepts both `--flag value` and `--flag=value`, as npm users type either. */
function parseArgs(argv: readonly string[]): Options {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    const m = /^--(count|out|seed)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${m[1]} needs a value\n${USAGE}`);
    values.set(m[1]!, value);
  }
  const countArg = values.get('count');
  if (countArg === undefined) throw new UsageError(`--count is required\n${USAGE}`);
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_COUNT}, got "${countArg}"`);
  }
  const seedArg = values.get('seed') ?? '1';
  const seed = Number(seedArg);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${seedArg}"`);
  // A relative --out is relative to where the user is; the default is anchored to the repo.
  const outArg = values.get('out');
  const out = outArg === undefined ? join(ROOT, 'fixtures', 'generated') : resolve(outArg);
  return { count, out, seed };
}

class InvalidArticleError extends Error {}

function validated(index: number, opts: Options): Article {
  const article = syntheticArticle(index, opts.count, opts.seed);
  const parsed = Article.safeParse(article);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new InvalidArticleError(`synthetic article #${index} (${article.slug}) fails the Article schema:\n${issues}`);
  }
  return article;
}

/** Runs CONCURRENT_WRITES workers that pull indices from a shared counter; returns total bytes written. */
async function writeAll(opts: Options): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.count) {
      const article = validated(next++, opts);
      const json = `${JSON.stringify(article, null, 2)}\n`;
      bytes += Buffer.byteLength(json);
      await writeFile(join(opts.out, `${article.slug}.json`), json);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_WRITES, opts.count) }, worker));
  return bytes;
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  await mkdir(opts.out, { recursive: true });
  const existing = (await readdir(opts.out)).filter((f) => f.endsWith('.json')).length;
  if (existing > 0)
    console.log(
      `note: ${opts.out} already holds ${existing} .json files; same-slug files are overwritten, others kept`,
    );

  const started = performance.now();
  const bytes = await writeAll(opts);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${opts.count} articles (${formatBytes(bytes)}) to ${opts.out} in ${seconds.toFixed(1)} s (seed ${opts.seed})`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof InvalidArticleError) console.error(err.message);
  else console.error(err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
