/**
 * `npx tsx bench/dashboard-size.ts`: what the analytics dashboard costs with its charts drawn as SVG on the server.
 * A synthetic but busy window (90 days, 40 feeds, 9 readers each, 20 partners, 8 signup sources) rendered by the
 * dashboard's own renderer: page bytes (raw and gzipped) and render CPU in this Node process. A charting library
 * would add its script (uPlot 1.6: 22 KB gzipped; Chart.js 4: 71 KB gzipped, their minified builds) on top of a
 * page that still ships the same figures as JSON. Measures and prints; asserts nothing.
 */
import { gzipSync } from 'node:zlib';
import { feedReports, windowOf } from '../src/analytics/report';
import { daysOf, renderDashboard, type DashboardData } from '../src/analytics/dashboard-page';
import type { DailyReaderRow, FeedRow } from '../src/analytics/store';
import { mulberry32 } from '../scripts/lib/synthetic-corpus';

const random = mulberry32(20261201);
const w = windowOf(90, Date.UTC(2026, 11, 1));
const days = daysOf(w);
const readers = [
  'Feedly',
  'Inoreader',
  'Feedbin',
  'NewsBlur',
  'The Old Reader',
  'NetNewsWire',
  'Miniflux',
  'newsboat',
  'Web browser',
];
const paths = Array.from({ length: 40 }, (_, i) => `/feeds/tag/topic-${i}.${['rss', 'atom', 'json'][i % 3]}`);
const dailyReaders: DailyReaderRow[] = [];
const dailyFeeds: (FeedRow & { day: string })[] = [];
for (const day of days)
  for (const path of paths) {
    for (const reader of readers) dailyReaders.push({ day, path, reader, subscribers: Math.floor(random() * 200) });
    const requests = 200 + Math.floor(random() * 2000);
    const notModified = Math.floor(requests * 0.7);
    dailyFeeds.push({
      day,
      path,
      requests,
      notModified,
      bytesSent: (requests - notModified) * 140_000,
      bytesSaved: notModified * 140_000,
    });
  }
const traffic = paths.map((path) => {
  const mine = dailyFeeds.filter((f) => f.path === path);
  const sum = (k: 'requests' | 'notModified' | 'bytesSent' | 'bytesSaved') => mine.reduce((s, f) => s + f[k], 0);
  return {
    path,
    requests: sum('requests'),
    notModified: sum('notModified'),
    bytesSent: sum('bytesSent'),
    bytesSaved: sum('bytesSaved'),
  };
});
const latest = dailyReaders.filter((r) => r.day === w.to).map((r) => ({ ...r, clients: false }));
const data: DashboardData = {
  window: w,
  feeds: feedReports(traffic, latest),
  dailyReaders,
  dailyFeeds,
  widgets: Array.from({ length: 20 }, (_, i) => ({ origin: `https://partner-${i}.example`, loads: 5000 - i * 200 })),
  signups: Array.from({ length: 8 }, (_, i) => ({ source: `source-${i}`, signups: 400 - i * 40 })),
  unverified: [
    {
      path: '/feeds/all.rss',
      reader: 'Feedly',
      feedId: '',
      subscribers: 90_000,
      since: `${w.to}T09:30:00.000Z`,
      acceptedSubscribers: 4_100,
    },
  ],
};

const runs: number[] = [];
let page = '';
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  page = renderDashboard('Meridian Review', 'en', data);
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `Dashboard, 90 days × 40 feeds × 9 readers (${dailyReaders.length} daily reader rows): ${kb(Buffer.byteLength(page))} of HTML with inline SVG, ` +
    `${kb(gzipSync(page, { level: 9 }).length)} gzipped, no script; rendered in ${runs[15]!.toFixed(1)} ms median ` +
    `(p90 ${runs[27]!.toFixed(1)} ms) of CPU in Node.`,
);
console.log(
  'A charting library instead: uPlot 1.6 adds 22 KB gzipped of script, Chart.js 4 adds 71 KB, before any data.',
);
