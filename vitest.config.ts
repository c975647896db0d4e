import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_ADMIN_TOKEN, TEST_NEWSLETTER_SECRET } from './test/support/constants.ts';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          ENVIRONMENT: 'test',
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          WEBSUB_HUB: 'https://hub.test/',
          NEWSLETTER_SECRET: TEST_NEWSLETTER_SECRET,
          FUZZ_RUNS: process.env.FUZZ_RUNS ?? '60',
          // Analytics batches are written right after each response, so a test sees them once waitUntil settles.
          ANALYTICS_FLUSH_MS: '0',
          TEST_MIGRATIONS: await readD1Migrations('migrations'),
        },
        // Every outbound request goes to local stand-ins of the services we call; nothing leaves the machine.
        outboundService: 'standins',
        workers: [{ name: 'standins', modules: true, scriptPath: './test/standins/worker.js' }],
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/analytics/setup.ts'],
    // Browser tests run in Node against `wrangler dev` (vitest.browser.config.ts), not inside workerd.
    exclude: ['test/browser/**'],
    sequence: { seed: 20261129 },
    // The JSON report lets CI print one "N passed, N failed" line across test suites.
    reporters: ['default', ['json', { outputFile: 'test-results/workers.json' }]],
  },
});
