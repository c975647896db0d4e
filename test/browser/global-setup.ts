import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { ensureDevVars, seedLocal, startWranglerDev } from '../../scripts/lib/local-dev';
import { CHROMIUM, HOSTILE_TAG, HOSTILE_TITLE } from './context';
import { startPartnerServer } from './partner-server';

/** Seeded through the publishing API, as the CMS would send it, and removed again afterwards. */
const HOSTILE_ARTICLE = {
  id: 'widget-hostile-test',
  slug: 'widget-hostile-test',
  url: 'https://meridian-review.example/2030/01/widget-hostile-test',
  title: HOSTILE_TITLE,
  dek: '"><script>alert(2)</script>',
  kind: 'analysis',
  regions: ['global'],
  tags: [HOSTILE_TAG],
  authors: [{ slug: 'widget-hostile-author', name: '<svg onload=alert(3)>' }],
  publishedAt: '2030-01-01T00:00:00Z',
  image: {
    // A stand-in that fixtures/media/ has, so development serves it (the hostile part is the text).
    url: 'https://media.meridian-review.example/2025/gaza-reconstruction-ledger.jpg',
    alt: '<img src=x onerror=alert(4)>',
    width: 1200,
    height: 800,
  },
  bodyHtml: '<p>A test article.</p>',
  language: 'en',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function adminToken(): Promise<string> {
  const token = /^ADMIN_TOKEN=(.+)$/m.exec(await readFile('.dev.vars', 'utf8'))?.[1]?.trim();
  if (!token)
    throw new Error('.dev.vars has no ADMIN_TOKEN; delete it and run again to recreate it from .dev.vars.example.');
  return token;
}

/**
 * The worker under `wrangler dev` on local KV seeded from fixtures/ plus one hostile article, and the partner
 * pages on another origin. The edge cache is off so every run sees the code and content as they are now.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests drive Chromium at ${CHROMIUM}, which is missing: run \`apt-get install chromium\` (as root), then run them again.`,
    );
  }
  await ensureDevVars();
  await seedLocal();
  const port = await freePort();
  const dev = await startWranglerDev(port, ['--var', 'EDGE_CACHE:off'], 'ignore');
  const worker = `http://localhost:${port}`;
  const article = `${worker}/admin/articles/${HOSTILE_ARTICLE.slug}`;
  const authorization = `Bearer ${await adminToken()}`;
  try {
    const put = await fetch(article, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(HOSTILE_ARTICLE),
    });
    if (!put.ok) throw new Error(`Seeding the hostile article failed: ${put.status} ${await put.text()}`);
    const partner = await startPartnerServer(worker);
    project.provide('workerOrigin', worker);
    project.provide('partnerOrigin', partner.origin);
    return async () => {
      await fetch(article, { method: 'DELETE', headers: { authorization } });
      await partner.close();
      await dev.stop();
    };
  } catch (error) {
    await dev.stop();
    throw error;
  }
}
