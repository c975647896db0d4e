import { defineConfig } from 'vitest/config';

/**
 * Browser tests: plain Node, not the Workers pool. The global setup serves the worker with `wrangler dev` on
 * local KV and partner pages on another origin; each test file drives Debian's Chromium with playwright-core.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    // One Chromium per file; files in parallel would only compete for the one wrangler dev.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // A widget re-renders after a request to wrangler dev; give it more than the default second.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', ['json', { outputFile: 'test-results/browser.json' }]],
  },
});
