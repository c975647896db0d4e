import type { Article } from '../schema/article';
import type { Site } from '../schema/site';
import type { TaxonomySnapshot } from '../storage/taxonomy-snapshot';

/** One article as the widget shows it: only what a partner page needs, nothing of the body. */
export interface WidgetItem {
  id: string;
  title: string;
  dek: string;
  /** The canonical article. */
  url: string;
  /** Only when its dimensions are known, so it can never shift a partner's layout. */
  image?: { url: string; alt: string; width: number; height: number };
  authors: { name: string; url?: string }[];
  regions: { slug: string; name: string }[];
  publishedAt: string;
  language: string;
}

/** The body of /widget/latest.json, and what widget.js and /widget/frame render. */
export interface WidgetData {
  site: { name: string; url: string };
  /** What the list holds, e.g. "Analysis · Asia-Pacific · China". */
  label: string;
  items: WidgetItem[];
}

/** The names of what was asked for, e.g. "Analysis · Asia-Pacific · China"; slugs stand in for names the taxonomy lacks. */
export interface Selection {
  region?: string;
  tag?: string;
  author?: string;
  kind: string;
}

export function widgetLabel(selection: Selection, snapshot: TaxonomySnapshot): string {
  const { kind, region, tag, author } = selection;
  const names = [snapshot.kind[kind]?.name ?? kind];
  if (region !== undefined) names.push(snapshot.region[region]?.name ?? region);
  if (tag !== undefined) names.push(snapshot.tag[tag]?.name ?? tag);
  if (author !== undefined) names.push(snapshot.author[author]?.name ?? author);
  return names.join(' · ');
}

export function widgetItem(article: Article, snapshot: TaxonomySnapshot): WidgetItem {
  const { image } = article;
  return {
    id: article.id,
    title: article.title,
    dek: article.dek,
    url: article.url,
    ...(image?.width && image.height
      ? { image: { url: image.url, alt: image.alt, width: image.width, height: image.height } }
      : {}),
    authors: article.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })),
    regions: article.regions.map((slug) => ({ slug, name: snapshot.region[slug]?.name ?? slug })),
    publishedAt: article.publishedAt,
    language: article.language,
  };
}

/** Pure: the articles of one widget request → the document the widget renders. */
export function widgetData(
  site: Site,
  snapshot: TaxonomySnapshot,
  selection: Selection,
  articles: readonly Article[],
): WidgetData {
  return {
    site: { name: site.name, url: site.url },
    label: widgetLabel(selection, snapshot),
    items: articles.map((a) => widgetItem(a, snapshot)),
  };
}
