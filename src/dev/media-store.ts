/** KV key of one stand-in image: `devmedia:<path under the media host>`, e.g. `devmedia:2025/gaza.jpg`. */
export const devMediaKey = (path: string) => `devmedia:${path}`;

/** Metadata stored with each image: its MIME type. */
export interface DevMediaMetadata {
  type: string;
}

/** The stand-in images `npm start` loads for development (docs/storage.md, `devmedia:`). */
export interface DevMediaStore {
  image(path: string): Promise<{ bytes: ArrayBuffer; type: string } | null>;
}

export class KvDevMediaStore implements DevMediaStore {
  constructor(private readonly kv: KVNamespace) {}

  async image(path: string): Promise<{ bytes: ArrayBuffer; type: string } | null> {
    const { value, metadata } = await this.kv.getWithMetadata<DevMediaMetadata>(devMediaKey(path), 'arrayBuffer');
    if (value === null || !metadata?.type.startsWith('image/')) return null;
    return { bytes: value, type: metadata.type };
  }
}
