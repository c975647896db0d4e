import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Article } from '../../src/schema/article';
import { TAXONOMIES, TAXONOMY_NAMES, type TaxonomyName, type Term } from '../../src/schema/taxonomy';

export interface ContentDir {
  taxonomy: { name: TaxonomyName; terms: Term[] }[];
  articles: Article[];
  /** "file: pointer: message" for every record that failed validation. */
  problems: string[];
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(dir, e.name))
    .sort();
}

async function readJson(file: string, problems: string[]): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

/**
 * Loads a content folder: either article JSON files directly inside `dir`, or the fixtures layout
 * with `articles/*.json` and `taxonomy/{regions,kinds,tags,authors}.json`. Everything is validated
 * with the same zod schemas the worker uses, so a bad file is reported before anything is pushed.
 */
export async function loadContentDir(dir: string): Promise<ContentDir> {
  const problems: string[] = [];
  const taxonomy: ContentDir['taxonomy'] = [];
  for (const name of TAXONOMY_NAMES) {
    const file = join(dir, 'taxonomy', `${name}.json`);
    const data = (await jsonFiles(join(dir, 'taxonomy'))).includes(file) ? await readJson(file, problems) : undefined;
    if (data === undefined) continue;
    const list = Array.isArray(data) ? data : [];
    if (!Array.isArray(data)) problems.push(`${file}: must be a JSON array`);
    const terms: Term[] = [];
    list.forEach((item, i) => {
      const parsed = TAXONOMIES[name].schema.safeParse(item);
      if (parsed.success) terms.push(parsed.data);
      else
        problems.push(
          ...parsed.error.issues.map((issue) => `${file}: #/${i}/${issue.path.join('/')}: ${issue.message}`),
        );
    });
    taxonomy.push({ name, terms });
  }

  const articleFiles = [...(await jsonFiles(join(dir, 'articles'))), ...(await jsonFiles(dir))];
  const articles: Article[] = [];
  for (const file of articleFiles) {
    const data = await readJson(file, problems);
    if (data === undefined) continue;
    const parsed = Article.safeParse(data);
    if (parsed.success) articles.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => `${file}: #/${issue.path.join('/')}: ${issue.message}`));
  }
  return { taxonomy, articles, problems };
}
