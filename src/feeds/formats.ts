import type { Article } from '../schema/article';
import { renderAtom } from './atom';
import { renderJsonFeed } from './json-feed';
import type { FeedMeta } from './model';
import { renderRss } from './rss';

/** Renders a document of one format: the UTF-8 bytes of the response body. */
export type Render = (meta: FeedMeta, articles: readonly Article[]) => Uint8Array;

/** The three feed formats by file extension: media type and renderer. */
export const FORMATS = {
  rss: { mediaType: 'application/rss+xml', label: 'RSS', render: renderRss },
  atom: { mediaType: 'application/atom+xml', label: 'Atom', render: renderAtom },
  json: { mediaType: 'application/feed+json', label: 'JSON Feed', render: renderJsonFeed },
} as const satisfies Record<string, { mediaType: string; label: string; render: Render }>;

export type Format = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as Format[];
