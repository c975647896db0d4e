import { html, layout, type Html } from '../pages/layout';
import { horizontalBars, PALETTE, stackedBars, type Series } from './charts';
import type { FeedReport, HeldReport, Window } from './report';
import type { DailyReaderRow, FeedRow } from './store';

/** Everything the dashboard shows, read from D1 by the route. */
export interface DashboardData {
  window: Window;
  feeds: FeedReport[];
  dailyReaders: DailyReaderRow[];
  dailyFeeds: (FeedRow & { day: string })[];
  widgets: { origin: string; loads: number }[];
  signups: { source: string; signups: number }[];
  /** Counts held as unverified now (not shown in the subscriber figures until repeated). */
  unverified: HeldReport[];
}

/** Feeds charted one by one; the table below lists them all. */
const CHARTED_FEEDS = 4;
const WINDOWS = [7, 30, 90, 395];

export function daysOf(w: Window): string[] {
  const start = Date.parse(`${w.from}T00:00:00Z`);
  return Array.from({ length: w.days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** A feed's daily subscribers stacked by reader; readers past the palette are one "Other readers" series. */
export function readerSeries(days: string[], rows: DailyReaderRow[], path: string): Series[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const byReader = new Map<string, number[]>();
  for (const r of rows) {
    if (r.path !== path || !index.has(r.day)) continue;
    const values = byReader.get(r.reader) ?? days.map(() => 0);
    values[index.get(r.day)!]! += r.subscribers;
    byReader.set(r.reader, values);
  }
  const ranked = [...byReader]
    .map(([name, values]) => ({ name, values }))
    .sort((a, b) => b.values.reduce((x, y) => x + y, 0) - a.values.reduce((x, y) => x + y, 0));
  const shown = ranked.slice(0, PALETTE.length - 1);
  const rest = ranked.slice(PALETTE.length - 1);
  if (rest.length > 0)
    shown.push({ name: 'Other readers', values: days.map((_, d) => rest.reduce((sum, s) => sum + s.values[d]!, 0)) });
  return shown;
}

/** Full answers and 304s per day, all feeds together. */
export function pollSeries(days: string[], rows: (FeedRow & { day: string })[]): Series[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const full = days.map(() => 0);
  const notModified = days.map(() => 0);
  for (const r of rows) {
    const d = index.get(r.day);
    if (d === undefined) continue;
    full[d]! += r.requests - r.notModified;
    notModified[d]! += r.notModified;
  }
  return [
    { name: 'Full answers (200)', values: full },
    { name: 'Not modified (304)', values: notModified },
  ];
}

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);
const bytes = (n: number) =>
  n >= 1 << 30
    ? `${(n / (1 << 30)).toFixed(1)} GB`
    : n >= 1 << 20
      ? `${(n / (1 << 20)).toFixed(1)} MB`
      : `${(n / 1024).toFixed(1)} KB`;

export function renderDashboard(siteName: string, lang: string, data: DashboardData): string {
  const { window: w, feeds } = data;
  const days = daysOf(w);
  const requests = feeds.reduce((s, f) => s + f.requests, 0);
  const notModified = feeds.reduce((s, f) => s + f.notModified, 0);
  const body: Html = html`<header>
  <nav class="crumbs"><a href="/">${siteName}</a> › Analytics</nav>
  <h1>Feed analytics</h1>
  <p class="lede">${w.from} to ${w.to} (UTC). Subscribers: the latest count each aggregator announced, plus distinct
  readers per day for apps that announce nothing. Figures include polls up to about half a minute ago.</p>
  <nav aria-label="Window">${WINDOWS.map(
    (d) => html`${d === w.days ? html`<strong>${d} days</strong>` : html`<a href="?days=${d}">${d} days</a>`} `,
  )}</nav>
  <form method="post" action="/admin/analytics/sign-out"><button type="submit">Sign out</button></form>
</header>
<main>
<section aria-labelledby="subscribers">
  <h2 id="subscribers">Subscribers per feed</h2>
  ${
    feeds.length === 0
      ? html`<p>No feed has been polled in this window.</p>`
      : feeds
          .slice(0, CHARTED_FEEDS)
          .map(
            (f) =>
              html`<figure><figcaption><code>${f.path}</code>: ${f.subscribers} subscribers</figcaption>${stackedBars(
                `Subscribers of ${f.path} per day, by reader`,
                days,
                readerSeries(days, data.dailyReaders, f.path),
              )}</figure>`,
          )
  }
</section>
<section aria-labelledby="polls">
  <h2 id="polls">Polls and the 304 share</h2>
  <p>${requests} requests, ${percent(notModified, requests)} answered 304 Not Modified.</p>
  ${stackedBars('Feed requests per day: full answers and 304s', days, pollSeries(days, data.dailyFeeds))}
</section>
<section aria-labelledby="widgets">
  <h2 id="widgets">Widget loads by partner</h2>
  ${
    data.widgets.length === 0
      ? html`<p>No widget loads in this window.</p>`
      : horizontalBars(
          'Widget loads by partner origin',
          data.widgets.slice(0, 15).map((p) => ({ name: p.origin, value: p.loads })),
        )
  }
</section>
<section aria-labelledby="signups">
  <h2 id="signups">Signups by source</h2>
  ${
    data.signups.length === 0
      ? html`<p>No signups in this window.</p>`
      : horizontalBars(
          'Newsletter signups by source',
          data.signups.slice(0, 15).map((s) => ({ name: s.source, value: s.signups })),
        )
  }
</section>
<section aria-labelledby="all-feeds">
  <h2 id="all-feeds">Every feed</h2>
  <table>
    <thead><tr><th>Feed</th><th>Subscribers</th><th>Readers</th><th>Requests</th><th>304 share</th><th>Sent</th><th>Saved by 304s</th></tr></thead>
    <tbody>${feeds.map(
      (f) =>
        html`<tr><td><code>${f.path}</code></td><td class="count">${f.subscribers}</td><td>${f.readers
          .map((r) => `${r.name} ${r.subscribers}`)
          .join(', ')}</td><td class="count">${f.requests}</td><td class="count">${percent(
          f.notModified,
          f.requests,
        )}</td><td class="count">${bytes(f.bytesSent)}</td><td class="count">${bytes(f.bytesSaved)}</td></tr>`,
    )}</tbody>
  </table>
</section>
${
  data.unverified.length === 0
    ? ''
    : html`<section aria-labelledby="unverified">
  <h2 id="unverified">Counts held as unverified</h2>
  <p>More than ten times the last accepted count: not in the figures above until a poll an hour or more after the
  first repeats it (a forged User-Agent never does).</p>
  <table>
    <thead><tr><th>Feed</th><th>Reader</th><th>Feed-id</th><th>Announced</th><th>Shown meanwhile</th><th>Since (UTC)</th></tr></thead>
    <tbody>${data.unverified.map(
      (h) =>
        html`<tr><td><code>${h.path}</code></td><td>${h.reader}</td><td>${h.feedId || '–'}</td><td class="count">${
          h.subscribers
        }</td><td class="count">${h.acceptedSubscribers ?? '–'}</td><td>${h.since.slice(0, 16).replace('T', ' ')}</td></tr>`,
    )}</tbody>
  </table>
</section>`
}
</main>`;
  return layout({
    title: `Feed analytics — ${siteName}`,
    description: 'Feed, widget and signup analytics',
    lang,
    body,
  });
}

/** The sign-in form; `message` explains a failed attempt. */
export function renderSignIn(siteName: string, lang: string, message?: string): string {
  const body = html`<main>
  <h1>Feed analytics</h1>
  <p class="lede">Sign in with the admin token. You stay signed in on this browser for eight hours.</p>
  ${message ? html`<p role="alert"><strong>${message}</strong></p>` : ''}
  <form method="post" action="/admin/analytics/sign-in">
    <label>Admin token <input type="password" name="token" autocomplete="current-password" required maxlength="512"></label>
    <p><button type="submit">Sign in</button></p>
  </form>
</main>`;
  return layout({ title: `Sign in — ${siteName}`, description: 'Sign in to the feed analytics', lang, body });
}

/** A readable page for a refused or malformed request. */
export function renderMessage(siteName: string, lang: string, title: string, detail: string): string {
  const body = html`<main><h1>${title}</h1><p>${detail}</p><p><a href="/admin/analytics">Back to the analytics</a></p></main>`;
  return layout({ title: `${title} — ${siteName}`, description: title, lang, body });
}
