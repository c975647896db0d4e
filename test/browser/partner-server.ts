import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const DIR = 'test/browser/partner';

/** Each partner page's Content-Security-Policy, as docs/widget.md tells partners to write it. */
function policies(worker: string): Record<string, string | undefined> {
  return {
    // The script variant under the policy docs/widget.md documents for it; in development the worker itself
    // serves the article images (src/dev/media.ts), so it is an image source too.
    '/script.html': `default-src 'self'; script-src 'self' ${worker}; connect-src ${worker}; img-src 'self' https://media.meridian-review.example ${worker}`,
    // No third-party script at all: only the iframe variant, with a self-hosted copy of the resize helper.
    '/strict.html': `default-src 'self'; script-src 'self'; frame-src ${worker}`,
    // No policy on purpose: an injection would run here instead of being blocked.
    '/hostile.html': undefined,
  };
}

export interface PartnerServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * A partner's site on 127.0.0.1 (the worker answers on localhost): serves test/browser/partner/ with
 * `{{WORKER}}` replaced by the worker's origin, /vendor/resize.js as a partner's own copy of the helper, and
 * /__requests, every path it was asked for, so a test can tell whether an injected `<img src=x>` fetched.
 */
export async function startPartnerServer(worker: string): Promise<PartnerServer> {
  const helper = await (await fetch(`${worker}/widget/resize.js`)).text();
  const csp = policies(worker);
  const requested: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://partner').pathname;
    if (path === '/__requests')
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requested));
    requested.push(path);
    if (path === '/vendor/resize.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(helper);
    const file = /^\/[a-z-]+\.(?:html|css)$/.test(path) ? path : undefined;
    if (file === undefined) return res.writeHead(404).end();
    readFile(join(DIR, file), 'utf8').then(
      (text) => {
        const policy = csp[file];
        res.writeHead(200, {
          'content-type': file.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8',
          ...(policy ? { 'content-security-policy': policy } : {}),
        });
        res.end(text.replaceAll('{{WORKER}}', worker));
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
