import type { Article } from '../schema/article';
import { REGIONS, type Region } from '../schema/taxonomy';
import type { TaxonomySnapshot } from '../storage/taxonomy-snapshot';
import type { Issue, IssueArticle } from './schema';
import type { IsoWeek } from './week';

export interface BuildInput {
  week: IsoWeek;
  /** Articles published in the week, any kind. */
  articles: readonly Article[];
  snapshot: TaxonomySnapshot;
  note: string | undefined;
  /** The issue as stored before this build, if any: its creation date is kept. */
  previous: Issue | null;
  now: string;
}

const newestFirst = (a: IssueArticle, b: IssueArticle) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt);

/**
 * The week's issue from its articles: pure, so a rebuild of unchanged content yields an equal record (and the feed
 * item keeps its date). Articles outside the week are left out, whatever the caller passed.
 */
export function buildIssue({ week, articles, snapshot, note, previous, now }: BuildInput): Issue {
  const kept = articles
    .filter((a) => {
      const ms = Date.parse(a.publishedAt);
      return ms >= week.startMs && ms < week.endMs;
    })
    .map((a): IssueArticle => ({
      id: a.id,
      url: a.url,
      title: a.title,
      dek: a.dek,
      kind: a.kind,
      regions: a.regions,
      authors: a.authors.map((x) => x.name),
      publishedAt: a.publishedAt,
    }))
    .sort(newestFirst);
  const covered = new Set(kept.flatMap((a) => a.regions));
  const regionNames: Record<string, string> = {};
  for (const region of REGIONS.filter((r) => covered.has(r)))
    regionNames[region] = snapshot.region[region]?.name ?? region;
  const content = {
    id: week.id,
    start: new Date(week.startMs).toISOString(),
    end: new Date(week.endMs).toISOString(),
    ...(note ? { note } : {}),
    regionNames,
    articles: kept,
  };
  const unchanged =
    previous !== null &&
    JSON.stringify({ n: previous.note, r: previous.regionNames, a: previous.articles }) ===
      JSON.stringify({ n: content.note, r: content.regionNames, a: content.articles });
  return {
    ...content,
    createdAt: previous?.createdAt ?? now,
    updatedAt: unchanged ? previous.updatedAt : now,
  };
}

export interface RegionGroup {
  region: Region;
  name: string;
  articles: IssueArticle[];
}

/** What one reader gets: analysis grouped by region, then opinion and news briefs in their own short sections. */
export interface IssueView {
  analysis: RegionGroup[];
  opinion: IssueArticle[];
  briefs: IssueArticle[];
  /** Articles in the view, all sections together. */
  count: number;
}

/**
 * The issue as a reader who follows `regions` sees it (everything when the list is empty). An article filed under
 * several regions appears once, under the first of its regions the reader follows — its primary region for readers
 * of everything.
 */
export function issueView(issue: Issue, regions: readonly Region[] = []): IssueView {
  const follows = regions.length === 0 ? null : new Set<string>(regions);
  const groups = new Map<Region, IssueArticle[]>();
  const opinion: IssueArticle[] = [];
  const briefs: IssueArticle[] = [];
  let count = 0;
  for (const article of issue.articles) {
    const region = article.regions.find((r) => follows === null || follows.has(r));
    if (region === undefined) continue;
    count++;
    if (article.kind === 'opinion') opinion.push(article);
    else if (article.kind === 'news' || article.kind === 'brief') briefs.push(article);
    else groups.set(region, [...(groups.get(region) ?? []), article]);
  }
  const analysis = REGIONS.filter((r) => groups.has(r)).map((region) => ({
    region,
    name: issue.regionNames[region] ?? region,
    articles: groups.get(region)!,
  }));
  return { analysis, opinion, briefs, count };
}

/** The note as paragraphs: blank lines separate them. */
export function noteParagraphs(note: string | undefined): string[] {
  return (note ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
