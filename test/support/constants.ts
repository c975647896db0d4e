/** The admin token the tests' worker is configured with (vitest.config.ts). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** The newsletter secret (HMAC key for tokens and address hashes) of the tests' worker. */
export const TEST_NEWSLETTER_SECRET = 'test-newsletter-secret-0123456789abcdef0123';
