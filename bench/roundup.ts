/**
 * `npx tsx bench/roundup.ts` (part of `npm run bench`): what the weekly round-up costs the worker, in Node with KV held
 * in memory (bench/lib/memory-kv.ts), so the figures are our code's CPU time plus a Map's, without a simulator:
 *   - building an issue: the week's index listing, the bulk reads, the issue record and the archive page, from a
 *     synthetic corpus of 10,000 articles (the week of its newest article);
 *   - queueing 50,000 recipients: the fan-out pages (1000 subscribers listed per page, confirmed ones queued with
 *     sendBatch in hundreds, the next page queued as a message of its own), each page what one consumer invocation
 *     does, against a recording queue;
 *   - rendering one reader's email, the per-message CPU cost of the send itself.
 * Every figure is the median of several runs with the fastest and slowest beside it. Asserts nothing.
 */
import { buildWeek } from '../src/roundup/build';
import { readerView, roundupEmail } from '../src/roundup/email';
import { issuePage } from '../src/roundup/pages';
import { RoundupStore } from '../src/roundup/roundup-store';
import type { RoundupMessage } from '../src/roundup/schema';
import { fanOut, startSend } from '../src/roundup/send';
import { weekOf } from '../src/roundup/week';
import { REGIONS } from '../src/schema/taxonomy';
import type { Site } from '../src/schema/site';
import { KvContentStore } from '../src/storage/content-store';
import { ArticleStore } from '../src/storage/article-store';
import { syntheticArticles } from '../scripts/lib/synthetic-corpus';
import { MemoryKv } from './lib/memory-kv';

const ARTICLES = 10_000;
const RECIPIENTS = 50_000;
const RUNS = 5;
const site: Site = {
  name: 'Meridian Review',
  url: 'https://meridian-review.example',
  description: 'Analysis and news on foreign policy.',
  language: 'en',
  icon: 'https://meridian-review.example/assets/icon-512.png',
  logo: 'https://meridian-review.example/assets/logo-1200x300.png',
  copyright: '© Meridian Review.',
  tagAuthority: 'meridian-review.example,2024',
};

function spread(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  return `${fmt(sorted[Math.floor(sorted.length / 2)]!)} ms (min ${fmt(sorted[0]!)}, max ${fmt(sorted.at(-1)!)}, ${sorted.length} runs)`;
}

/** A queue that keeps what it is given, counting calls the way the platform limits them. */
class RecordingQueue {
  messages: RoundupMessage[] = [];
  sendBatchCalls = 0;
  async send(body: RoundupMessage) {
    this.messages.push(body);
  }
  async sendBatch(batch: Iterable<{ body: RoundupMessage }>) {
    this.sendBatchCalls++;
    for (const m of batch) this.messages.push(m.body);
  }
}

// Building an issue.
const contentKv = new MemoryKv();
const corpus = syntheticArticles(ARTICLES);
const articleStore = new ArticleStore(contentKv.asNamespace());
for (let i = 0; i < corpus.length; i += 100) await articleStore.putMany(corpus.slice(i, i + 100), 'bench', 0);
const week = weekOf(Date.parse(corpus[0]!.publishedAt));
const buildTimes: number[] = [];
const pageTimes: number[] = [];
let articlesInIssue = 0;
for (let run = 0; run < RUNS; run++) {
  const kv = contentKv.asNamespace();
  // A fresh issue each run: the build that creates it, not the cheaper one that finds it unchanged.
  await kv.delete(`roundup:issue:${week.id}`);
  const start = performance.now();
  // A content store with no taxonomy copy of its own yet, as in a request that has to read it.
  const { issue } = await buildWeek(new RoundupStore(kv), new KvContentStore(kv, {}), week, Date.now());
  buildTimes.push(performance.now() - start);
  const pageStart = performance.now();
  issuePage(site, issue);
  pageTimes.push(performance.now() - pageStart);
  articlesInIssue = issue.articles.length;
}
const issue = (await new RoundupStore(contentKv.asNamespace()).issue(week.id))!;
const emailTimes: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  for (let i = 0; i < 1000; i++) {
    const regions = i % 3 === 0 ? [] : [REGIONS[i % REGIONS.length]!];
    const view = readerView(issue, regions) ?? readerView(issue, [])!;
    roundupEmail({
      site,
      issue,
      origin: 'https://syndication.example',
      to: `r${i}@example.org`,
      view,
      links: {
        unsubscribe: 'https://syndication.example/u?token=x',
        preferences: 'https://syndication.example/p?token=y',
      },
    });
  }
  emailTimes.push(performance.now() - start);
}

// Queueing 50,000 recipients.
const subscribersKv = new MemoryKv();
// One pending reader for every ten confirmed: listed, never queued.
for (let i = 0; i < (RECIPIENTS / 10) * 11; i++) {
  const status = i % 11 === 10 ? 'pending' : 'confirmed';
  await subscribersKv.put(`sub:${String(i).padStart(8, '0')}`, '{}', { metadata: { status } });
}
const fanOutTimes: number[] = [];
const pageMax: number[] = [];
let queued = 0;
let pages = 0;
let sendBatchCalls = 0;
for (let run = 0; run < RUNS; run++) {
  const store = new RoundupStore(subscribersKv.asNamespace());
  const queue = new RecordingQueue();
  const q = queue as unknown as Queue<RoundupMessage>;
  const start = performance.now();
  await startSend(
    store,
    q,
    { ...issue, id: `2099-W${String(run + 1).padStart(2, '0')}` },
    'https://x.example',
    new Date().toISOString(),
  );
  let slowest = 0;
  pages = 0;
  for (let i = 0; i < queue.messages.length; i++) {
    const message = queue.messages[i]!;
    if (message.t !== 'fanout') continue;
    const pageStart = performance.now();
    await fanOut(message, { store, queue: q });
    slowest = Math.max(slowest, performance.now() - pageStart);
    pages++;
  }
  fanOutTimes.push(performance.now() - start);
  pageMax.push(slowest);
  queued = queue.messages.filter((m) => m.t === 'deliver').length;
  sendBatchCalls = queue.sendBatchCalls;
}

console.log(`Round-up, in Node with KV in memory (median of ${RUNS} runs, fastest and slowest beside it)`);
console.log(`build an issue (${articlesInIssue} articles of ${week.id}, corpus ${ARTICLES}):  ${spread(buildTimes)}`);
console.log(`render its archive page:                                 ${spread(pageTimes)}`);
console.log(`render 1000 readers' emails (HTML + text):               ${spread(emailTimes)}`);
console.log(
  `queue ${queued} recipients (${pages} fan-out pages, ${sendBatchCalls} sendBatch calls):  ${spread(fanOutTimes)}`,
);
console.log(`  slowest single fan-out page (one consumer invocation): ${spread(pageMax)}`);
console.log('(the in-memory KV sorts every key of a prefix on each list call: most of the build and fan-out time is');
console.log(' that stand-in, not our code; on Workers KV each page is one list call and 10 sendBatch calls)');
