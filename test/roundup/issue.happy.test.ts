import { describe, expect, it } from 'vitest';
import { roundupEmail } from '../../src/roundup/email';
import { buildIssue, issueView } from '../../src/roundup/issue';
import { issuePage } from '../../src/roundup/pages';
import { parseWeek, weekOf, weeksInYear } from '../../src/roundup/week';
import type { Site } from '../../src/schema/site';
import { TAXONOMY_NAMES, TAXONOMIES } from '../../src/schema/taxonomy';
import { buildSnapshot } from '../../src/storage/taxonomy-snapshot';
import { fixtureArticles, fixtureTerms, newestFirst } from '../support/fixtures';

const site: Site = {
  name: 'Meridian Review',
  url: 'https://meridian-review.example',
  description: 'Analysis and news on foreign policy, security and the world economy.',
  language: 'en',
  icon: 'https://meridian-review.example/assets/icon-512.png',
  logo: 'https://meridian-review.example/assets/logo-1200x300.png',
  copyright: '© Meridian Review. All rights reserved.',
  tagAuthority: 'meridian-review.example,2024',
};

const week = parseWeek('2026-W48')!;
const snapshot = buildSnapshot(
  Object.fromEntries(TAXONOMY_NAMES.map((n) => [TAXONOMIES[n].scope, fixtureTerms(n)])) as Parameters<
    typeof buildSnapshot
  >[0],
);
/**
 * The fixture corpus files about one article a week; the golden issue takes its twelve newest articles and files them
 * all in 2026-W48, nine hours apart from Monday 06:00Z, keeping everything else about them.
 */
const articles = newestFirst(fixtureArticles)
  .slice(0, 12)
  .map((a, i) => ({ ...a, publishedAt: new Date(week.startMs + (6 + 9 * i) * 3_600_000).toISOString() }));
const note = 'A week of summits and ceasefire talks.\n\nOur Europe desk looks at defence budgets.';
const issue = buildIssue({ week, articles, snapshot, note, previous: null, now: '2026-11-27T16:00:00.000Z' });
const links = {
  unsubscribe: 'https://syndication.test/newsletter/unsubscribe?token=T',
  preferences: 'https://syndication.test/newsletter/preferences?token=P',
};
const email = (regions: Parameters<typeof issueView>[1]) =>
  roundupEmail({
    site,
    issue,
    origin: 'https://syndication.test',
    to: 'reader@example.org',
    view: issueView(issue, regions),
    links,
  });

describe('an issue built from the fixtures', () => {
  it('keeps the week, the note and every article, with analysis by region and the short sections apart', () => {
    expect(issue.id).toBe('2026-W48');
    expect(issue.start).toBe('2026-11-23T00:00:00.000Z');
    expect(issue.end).toBe('2026-11-30T00:00:00.000Z');
    expect(issue.articles).toHaveLength(12);
    const view = issueView(issue);
    expect(view.count).toBe(12);
    expect(view.opinion.every((a) => a.kind === 'opinion')).toBe(true);
    expect(view.briefs.every((a) => a.kind === 'news' || a.kind === 'brief')).toBe(true);
    for (const group of view.analysis)
      for (const a of group.articles) expect([a.kind, a.regions[0]]).toEqual(['analysis', group.region]);
  });

  it('leaves out articles published outside the week', () => {
    const outside = [
      { ...articles[0]!, id: 'before', publishedAt: '2026-11-22T23:59:59.999Z' },
      { ...articles[0]!, id: 'after', publishedAt: '2026-11-30T00:00:00Z' },
      { ...articles[0]!, id: 'first-instant', publishedAt: '2026-11-23T01:00:00+01:00' },
    ];
    const built = buildIssue({
      week,
      articles: outside,
      snapshot,
      note: undefined,
      previous: null,
      now: issue.createdAt,
    });
    expect(built.articles.map((a) => a.id)).toEqual(['first-instant']);
  });

  it('keeps its dates when rebuilt unchanged, and moves updatedAt when the content changes', () => {
    const again = buildIssue({ week, articles, snapshot, note, previous: issue, now: '2026-11-28T10:00:00.000Z' });
    expect(again).toEqual(issue);
    const edited = buildIssue({
      week,
      articles,
      snapshot,
      note: 'New',
      previous: issue,
      now: '2026-11-28T10:00:00.000Z',
    });
    expect(edited.createdAt).toBe(issue.createdAt);
    expect(edited.updatedAt).toBe('2026-11-28T10:00:00.000Z');
  });

  it('renders the archive page as golden HTML', async () => {
    await expect(issuePage(site, issue)).toMatchFileSnapshot('../golden/roundup/issue-page.html');
  });

  it('renders the email for all regions as golden HTML and text', async () => {
    const mail = email([]);
    await expect(mail.html).toMatchFileSnapshot('../golden/roundup/email-all.html');
    await expect(mail.text).toMatchFileSnapshot('../golden/roundup/email-all.txt');
  });

  it('renders the email of a Europe reader with Europe only', async () => {
    const mail = email(['europe']);
    await expect(mail.html).toMatchFileSnapshot('../golden/roundup/email-europe.html');
    await expect(mail.text).toMatchFileSnapshot('../golden/roundup/email-europe.txt');
    for (const a of issue.articles) expect(mail.text.includes(a.url)).toBe((a.regions as string[]).includes('europe'));
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2025-12-29T00:00:00Z', '2026-W01'],
    ['2025-12-28T23:59:59.999Z', '2025-W52'],
    ['2027-01-01T12:00:00Z', '2026-W53'],
    ['2027-01-04T00:00:00Z', '2027-W01'],
    ['2026-11-29T23:59:59.999Z', '2026-W48'],
    ['2026-11-30T00:00:00Z', '2026-W49'],
  ])('puts %s in %s', (instant, id) => {
    expect(weekOf(Date.parse(instant)).id).toBe(id);
  });

  it('knows which years have 53 weeks', () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(parseWeek('2026-W53')).not.toBeNull();
    expect(parseWeek('2025-W53')).toBeNull();
    expect(parseWeek('2025-W00')).toBeNull();
  });
});
