/**
 * `npm run bench`: every benchmark in one run, figures and ratios side by side. Benchmarks measure
 * and print; they assert nothing (the machines are shared and noisy).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const parts: [string, string[]][] = [
  ['Feed rendering: ours vs the `feed` package', ['tsx', 'bench/render.ts']],
  ['KV operations per request', ['tsx', 'bench/kv-ops.ts']],
  ['Admin authentication timing', ['tsx', 'bench/auth-timing.ts']],
  ['Widget size', ['tsx', 'bench/widget-size.ts']],
  ['Article body sanitizer: parse5 against htmlparser2', ['tsx', 'bench/sanitize.ts']],
  ['Weekly round-up: building an issue, queueing 50,000 recipients', ['tsx', 'bench/roundup.ts']],
  ['Analytics dashboard size', ['tsx', 'bench/dashboard-size.ts']],
  ['Worker bundle', ['tsx', 'scripts/build.ts']],
];

for (const [title, [cmd, ...args]] of parts) {
  if (args[0] && !existsSync(args[0])) continue;
  console.log(`\n## ${title}\n`);
  const out = execFileSync('npx', [cmd!, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  // The build prints wrangler's whole report; its last line is the figure that matters here.
  console.log(title === 'Worker bundle' ? out.trim().split('\n').at(-1) : out.trimEnd());
}
