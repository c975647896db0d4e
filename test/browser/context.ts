/** What the global setup hands the browser tests (vitest `provide` / `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The worker under `wrangler dev`, e.g. http://localhost:41234. */
    workerOrigin: string;
    /** The partner pages: another host and port, so every widget request is cross-origin and cross-site. */
    partnerOrigin: string;
  }
}

/** Debian's Chromium (`apt-get install chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/** Tag of the seeded article with a hostile title; no fixture carries it, so only hostile.html shows it. */
export const HOSTILE_TAG = 'widget-hostile-test';
export const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
