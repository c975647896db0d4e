import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_ADMIN_TOKEN, TEST_NEWSLETTER_SECRET } from './test/support/constants.ts';

/**
 * The round-up's 5,000-reader send (test/roundup/bulk-*.test.ts) keeps the shared runtime and its queue busy for a
 * minute or more: it runs on its own after the rest (`npm run test:bulk`, ROUNDUP_BULK=1) so it neither slows the other
 * files into their timeouts nor is slowed by them.
 */
const BULK = ['test/roundup/bulk-*.test.ts'];
const bulk = process.env.ROUNDUP_BULK === '1';

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
          // Round-up mail goes to its own email API stand-in, at full speed, retried at once.
          ROUNDUP_MAIL_API_URL: 'https://roundup-mail.test/send',
          ROUNDUP_SEND_RATE: '1000',
          ROUNDUP_RETRY_SECONDS: '0',
          // Analytics batches are written right after each response, so a test sees them once waitUntil settles.
          ANALYTICS_FLUSH_MS: '0',
          TEST_MIGRATIONS: await readD1Migrations('migrations'),
        },
        // A second copy of CONTENT that sees changes only when a test propagates them: KV as another location has it.
        kvNamespaces: ['CONTENT_LOCATION_2'],
        // Every outbound request goes to local stand-ins of the services we call; nothing leaves the machine.
        outboundService: 'standins',
        workers: [{ name: 'standins', modules: true, scriptPath: './test/standins/worker.js' }],
      },
    }),
  ],
  test: {
    include: bulk ? BULK : ['test/**/*.test.ts'],
    // Browser and script tests run in Node (vitest.browser.config.ts, vitest.scripts.config.ts), not inside workerd.
    exclude: bulk ? [] : ['test/browser/**', 'test/scripts/**', ...BULK],
    setupFiles: ['test/analytics/setup.ts'],
    sequence: { seed: 20261129 },
    // Seeding the fixtures through the stores (articles, their index entries and head indexes) takes several seconds
    // on a busy shared machine.
    hookTimeout: 30_000,
    // Tests that publish or sign up in bulk (50 to 200 concurrent requests) outlast vitest's 5 s on a busy machine.
    testTimeout: 20_000,
    // The JSON report lets CI print one "N passed, N failed" line across test suites.
    reporters: ['default', ['json', { outputFile: `test-results/workers${bulk ? '-bulk' : ''}.json` }]],
  },
});
