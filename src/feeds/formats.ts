import { atomFormat } from './atom';
import { jsonFeedFormat } from './json-feed';
import { rssFormat } from './rss';

/** The three feed formats by file extension. */
export const FORMATS = { rss: rssFormat, atom: atomFormat, json: jsonFeedFormat } as const;

export type Format = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as Format[];
