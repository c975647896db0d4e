import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { DEV_MEDIA_TYPES } from '../../src/dev/media';
import { devMediaKey, type DevMediaMetadata } from '../../src/dev/media-store';

/**
 * Puts the stand-in images under `dir` (fixtures/media/) into local KV for `/dev/media/`, each under its path
 * with its MIME type. Development only: nothing pushes them to a deployed worker. Returns how many.
 */
export async function seedDevMedia(kv: KVNamespace, dir = 'fixtures/media'): Promise<number> {
  // Relative paths of everything below, directories included; only names with an image extension are kept.
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  let count = 0;
  for (const entry of entries) {
    const path = entry.split(sep).join('/');
    const type = DEV_MEDIA_TYPES[path.split('.').pop()!.toLowerCase()];
    if (!type) continue;
    const metadata: DevMediaMetadata = { type };
    const bytes = await readFile(join(dir, entry));
    // An ArrayBuffer of its own: the local runtime's proxy does not take a Buffer that is a view into Node's pool.
    const value = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    await kv.put(devMediaKey(path), value, { metadata });
    count++;
  }
  return count;
}
