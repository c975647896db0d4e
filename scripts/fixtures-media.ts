/**
 * `npm run fixtures:media`: draws a small original stand-in for every image the fixtures name on their media
 * host (which does not exist) and writes it under fixtures/media/ at the same path, in the declared format and
 * aspect ratio, 480 pixels wide. Development serves them (src/dev/media.ts). Run it after adding a fixture
 * with an image; existing files are kept, so the committed images do not change.
 *
 * Encoding uses sharp (libvips), which wrangler's local runtime already installs.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FIXTURE_MEDIA_ORIGIN } from '../src/dev/media';
import { loadContentDir } from './lib/content-dir';

const WIDTH = 480;
const { default: sharp } = await import('sharp').catch(() => {
  throw new Error('sharp is missing: run npm ci (it comes with wrangler) and try again.');
});

/** A landscape of bands and a sun in colours of its own, from the path: deterministic, and no two alike. */
function drawing(path: string, width: number, height: number): string {
  let hash = 0;
  for (const char of path) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const sun = { x: 0.2 + ((hash >>> 9) % 60) / 100, y: 0.18 + ((hash >>> 15) % 20) / 100 };
  const hills = [0.55, 0.68, 0.8].map(
    (level, i) =>
      `<path d="M0 ${height * level} Q ${width * (0.25 + i * 0.2)} ${height * (level - 0.12)} ${width} ${height * (level + 0.04)} V ${height} H 0 Z" fill="hsl(${(hue + 20 * i) % 360} ${35 + i * 10}% ${42 - i * 10}%)"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${(hue + 200) % 360} 55% 78%)"/><stop offset="1" stop-color="hsl(${(hue + 30) % 360} 60% 88%)"/></linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#sky)"/>
<circle cx="${width * sun.x}" cy="${height * sun.y}" r="${height * 0.11}" fill="hsl(${(hue + 40) % 360} 90% 70%)"/>
${hills.join('\n')}
</svg>`;
}

const content = await loadContentDir('fixtures');
let written = 0;
for (const article of content.articles) {
  const image = article.image;
  if (!image?.url.startsWith(`${FIXTURE_MEDIA_ORIGIN}/`)) continue;
  const path = image.url.slice(FIXTURE_MEDIA_ORIGIN.length + 1);
  const file = join('fixtures/media', path);
  if (existsSync(file)) continue;
  const height = Math.round((WIDTH * (image.height ?? 9)) / (image.width ?? 16));
  const picture = sharp(Buffer.from(drawing(path, WIDTH, height)));
  const format = path.split('.').pop();
  const bytes =
    format === 'png'
      ? await picture.png({ palette: true, compressionLevel: 9 }).toBuffer()
      : format === 'webp'
        ? await picture.webp({ quality: 60 }).toBuffer()
        : await picture.jpeg({ quality: 60, mozjpeg: true }).toBuffer();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  written++;
}
console.log(`Wrote ${written} image(s) under fixtures/media/.`);
