/** The admin token the tests' worker is configured with (vitest.config.ts). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
