/**
 * Every admin route the app registers runs the same authentication checks: a route added later is covered without
 * anyone remembering to add it here, since the list comes from the app itself.
 */
import { describe, expect, it } from 'vitest';
import { DASHBOARD_PATHS } from '../../src/analytics/dashboard';
import { createApp } from '../../src/app';
import { runAdminAuthTests, type AdminRoute } from '../support/admin-auth';

/** Sample values for route parameters; any value will do, authentication comes first. */
const PARAMS: Record<string, string> = { slug: 'some-slug', taxonomy: 'tags', id: '2026-W48' };

const adminRoutes: AdminRoute[] = [
  ...new Map(
    createApp()
      // The analytics dashboard's pages sign in with a session cookie instead (test/analytics/*.security.test.ts).
      .routes.filter((r) => r.path.startsWith('/admin/') && r.method !== 'ALL' && !DASHBOARD_PATHS.has(r.path))
      .map((r) => {
        const path = r.path.replace(/:(\w+)/g, (_, name: string) => {
          const value = PARAMS[name];
          if (value === undefined) throw new Error(`add a sample value for :${name} to PARAMS`);
          return value;
        });
        return [`${r.method} ${path}`, { method: r.method, path }] as const;
      }),
  ).values(),
];

describe('admin routes', () => {
  it('are all found', () => {
    // The articles, subscribers and taxonomy routes as registered today; a guard against the list coming out empty.
    expect(adminRoutes.length).toBeGreaterThanOrEqual(10);
  });
});

for (const route of adminRoutes) runAdminAuthTests(route);
