/**
 * Pushes a folder of content to the service.
 *
 *   npm run content:push -- [--local] <dir>                    into the local KV that `npm start` serves
 *   npm run content:push -- --remote --url <https://…> <dir>   through the publishing API (ADMIN_TOKEN from the environment)
 */
import { parseArgs } from 'node:util';
import { loadContentDir } from './lib/content-dir';
import { localTarget, pushContent, remoteTarget, type Target } from './lib/push';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      local: { type: 'boolean' },
      remote: { type: 'boolean' },
      url: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  const dir = positionals[0];
  if (!dir || (values.local && values.remote)) {
    console.error('usage: npm run content:push -- [--local | --remote --url <https://…>] <dir>');
    return 2;
  }
  const started = performance.now();
  const content = await loadContentDir(dir);
  if (content.problems.length > 0) {
    console.error(
      `${content.problems.length} problem(s) in ${dir}; nothing was pushed:\n  ${content.problems.slice(0, 50).join('\n  ')}`,
    );
    return 1;
  }
  if (content.articles.length === 0 && content.taxonomy.length === 0) {
    console.error(`${dir} holds no article or taxonomy JSON files.`);
    return 1;
  }

  let target: Target;
  if (values.remote) {
    const token = process.env.ADMIN_TOKEN;
    if (!values.url || !token) {
      console.error('--remote needs --url <https://…> and the ADMIN_TOKEN environment variable.');
      return 2;
    }
    target = remoteTarget(values.url, token);
  } else {
    target = await localTarget();
  }

  try {
    const { summary, failed } = await pushContent(target, content);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Pushed ${summary} ${values.remote ? `to ${values.url}` : 'into local KV'} in ${seconds} s.`);
    if (failed.length > 0) {
      console.error(`${failed.length} article(s) refused:\n  ${failed.join('\n  ')}`);
      return 1;
    }
    return 0;
  } finally {
    await target.close();
  }
}

process.exitCode = await main();
