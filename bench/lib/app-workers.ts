import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { loopback, type WorkerOptions } from './local-runtime';

/**
 * The built worker twice on one KV namespace, as wrangler.toml binds it: "app" with the edge cache (and the queue
 * consumers: a queue has one), and "app-uncached" rendering every request (EDGE_CACHE "off"). Fresh secrets; mail
 * goes to the KV outbox, not to an email API.
 */
export function appWorkers(scriptPath: string) {
  // Local only: no request.cf from the network.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  // Quiet: wrangler's note that it read .dev.vars (whose secrets are replaced below) is not part of a report.
  process.env.WRANGLER_LOG ??= 'warn';
  const fromToml = unstable_getMiniflareWorkerOptions('wrangler.toml').workerOptions;
  const secrets = {
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    NEWSLETTER_SECRET: randomBytes(36).toString('base64url'),
    // As deployed but for mail (the KV outbox, not an email API): no development-only rewriting of media URLs.
    ENVIRONMENT: 'test',
  };
  // wrangler.toml's vars plus the secrets above: optional secrets a local .dev.vars may hold
  // (Turnstile, the mail API) would make signups call the network.
  const { TURNSTILE_SECRET: _turnstile, MAIL_API_KEY: _mailKey, ...vars } = fromToml.bindings ?? {};
  const app: WorkerOptions = {
    ...fromToml,
    name: 'app',
    scriptPath,
    modules: true,
    modulesRoot: dirname(scriptPath),
    bindings: { ...vars, ...secrets, EDGE_CACHE: 'on' },
    unsafeDirectSockets: loopback(),
  };
  const { queueConsumers: _consumers, ...appWithoutConsumers } = app;
  const uncached: WorkerOptions = {
    ...appWithoutConsumers,
    name: 'app-uncached',
    bindings: { ...app.bindings, EDGE_CACHE: 'off' },
    unsafeDirectSockets: loopback(),
  };
  return { fromToml, adminToken: secrets.ADMIN_TOKEN, app, uncached };
}
