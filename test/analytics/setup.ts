import { applyD1Migrations, type D1Migration } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// The analytics schema from migrations/ (read in vitest.config.ts), applied as `wrangler d1 migrations apply`
// would; applied migrations are recorded, so every later test file finds nothing left to do.
await applyD1Migrations(env.ANALYTICS, (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS);
