import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_MEDIA_TYPES, FIXTURE_MEDIA_ORIGIN } from '../../src/dev/media';
import { devMediaKey } from '../../src/dev/media-store';
import { fixtureArticles, seedFixtures } from '../support/fixtures';
import { ORIGIN, request } from '../support/http';

/** The committed stand-ins, as data: URLs, keyed by their path under fixtures/media/. */
const mediaFiles = import.meta.glob<string>('../../fixtures/media/**/*', {
  eager: true,
  query: '?inline',
  import: 'default',
});
const media = Object.entries(mediaFiles).map(([file, dataUrl]) => ({
  path: file.replace('../../fixtures/media/', ''),
  bytes: Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (ch) => ch.charCodeAt(0)),
}));

/** What `npm start` does with fixtures/media/ (scripts/lib/dev-media.ts), against the test's KV. */
async function seedMedia() {
  for (const { path, bytes } of media) {
    await env.CONTENT.put(devMediaKey(path), bytes, {
      metadata: { type: DEV_MEDIA_TYPES[path.split('.').pop()!]! },
    });
  }
}

const DEVELOPMENT = { ENVIRONMENT: 'development' };

/** The first bytes of each format (JPEG SOI, PNG signature, RIFF…WEBP). */
function sniff(bytes: Uint8Array): string | undefined {
  const hex = [...bytes.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex.startsWith('89504e470d0a1a0a')) return 'image/png';
  if (hex.startsWith('52494646') && hex.slice(16, 24) === '57454250') return 'image/webp';
  return undefined;
}

beforeAll(async () => {
  await seedFixtures();
  await seedMedia();
}, 60_000);

describe('fixture media in development', () => {
  it('has a small committed image for every image the fixtures name', () => {
    const named = fixtureArticles.flatMap((a) => (a.image ? [a.image.url] : []));
    expect(named.length).toBeGreaterThan(50);
    const committed = new Set(media.map((m) => `${FIXTURE_MEDIA_ORIGIN}/${m.path}`));
    expect(named.filter((url) => !committed.has(url))).toEqual([]);
    for (const { path, bytes } of media) {
      expect(sniff(bytes), path).toBe(DEV_MEDIA_TYPES[path.split('.').pop()!]);
      expect(bytes.length, path).toBeLessThan(16 * 1024);
    }
  });

  it('every image URL in /widget/latest.json answers 200 with an image of its type', async () => {
    const res = await request('/widget/latest.json?limit=10', {}, DEVELOPMENT);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { image?: { url: string } }[] };
    const urls = items.flatMap((item) => (item.image ? [item.image.url] : []));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url.startsWith(`${ORIGIN}/dev/media/`), url).toBe(true);
      const image = await request(url, {}, DEVELOPMENT);
      expect(image.status, url).toBe(200);
      const type = image.headers.get('content-type')!;
      expect(type).toMatch(/^image\//);
      expect(sniff(new Uint8Array(await image.arrayBuffer()))).toBe(type);
      expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    }
  });

  it('points feeds and the widget frame at the local images too', async () => {
    for (const path of ['/feeds/all.rss', '/feeds/all.json', '/widget/frame?limit=5', '/feeds/region/europe.atom']) {
      const body = await (await request(path, {}, DEVELOPMENT)).text();
      expect(body, path).toContain(`${ORIGIN}/dev/media/`);
      expect(body, path).not.toContain(FIXTURE_MEDIA_ORIGIN);
    }
  });

  it('keeps the publication media URLs in production', async () => {
    const { items } = (await (await request('/widget/latest.json?limit=10')).json()) as {
      items: { image?: { url: string } }[];
    };
    const urls = items.flatMap((item) => (item.image ? [item.image.url] : []));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url.startsWith(`${FIXTURE_MEDIA_ORIGIN}/`), url).toBe(true);
    expect(await (await request('/feeds/all.rss', {}, { ENVIRONMENT: 'production' })).text()).not.toContain(
      '/dev/media/',
    );
  });
});
