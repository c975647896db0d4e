/**
 * What a partner can choose, as plain values: widget.js checks its attributes against them and the worker
 * wraps them in zod (query.ts), so the element and the frame accept exactly the same things. No zod here:
 * this module is bundled into widget.js, which must stay tiny.
 */

export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const LAYOUTS = ['list', 'cards', 'compact'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const IMAGES = ['on', 'off'] as const;

export const LIMIT = { min: 1, max: 10, default: 5 } as const;

/** It is the *latest analysis* widget. */
export const DEFAULT_KIND = 'analysis';

/** A campaign tag that stays readable in analytics and needs no escaping in a query string. */
export const UTM_SOURCE = /^[A-Za-z0-9._~-]{1,64}$/;

/** Attributes of `<latest-analysis>` that select articles; they become parameters of /widget/latest.json. */
export const DATA_PARAMS = ['region', 'tag', 'author', 'kind', 'limit'] as const;
export type DataParam = (typeof DATA_PARAMS)[number];

/** How the widget looks; read by the element and by /widget/frame. */
export interface ViewOptions {
  limit: number;
  layout: Layout;
  theme: Theme;
  images: boolean;
  /** BCP 47 tag for dates; undefined lets Intl use the reader's language. */
  lang: string | undefined;
  utmSource: string | undefined;
}

/** Whether `Intl` can format dates in this language: a malformed tag makes it throw. */
export function isUsableLang(lang: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(lang).length > 0;
  } catch {
    return false;
  }
}
