import { defineConfig } from 'vitest/config';

/**
 * Tests of the Node scripts (`npm start`): plain Node, not the Workers pool. They start real processes on free
 * ports, one case at a time.
 */
export default defineConfig({
  test: {
    include: ['test/scripts/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    reporters: ['default', ['json', { outputFile: 'test-results/scripts.json' }]],
  },
});
