import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

import { TEST_ADMIN_TOKEN } from './test/support/constants.ts';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: { ENVIRONMENT: 'test', ADMIN_TOKEN: TEST_ADMIN_TOKEN },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    sequence: { seed: 20261129 },
  },
});
