import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureArticles, fixtureTerms, newestFirst, seedFixtures } from '../support/fixtures';
import { makeArticle } from '../support/articles';
import { admin, ORIGIN, request } from '../support/http';

beforeAll(seedFixtures);

describe('the feed directory', () => {
  it.each(['/', '/feeds'])(
    '%s lists every feed with item counts, copyable URLs and autodiscovery links',
    async (path) => {
      const res = await request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const page = await res.text();
      expect(page).toContain(
        `<link rel="alternate" type="application/rss+xml" title="Meridian Review (RSS)" href="${ORIGIN}/feeds/all.rss">`,
      );
      expect(page).toContain(`<link rel="alternate" type="application/atom+xml"`);
      expect(page).toContain(`<link rel="alternate" type="application/feed+json"`);
      for (const region of fixtureTerms('regions')) {
        const count = fixtureArticles.filter((a) => (a.regions as string[]).includes(region.slug)).length;
        expect(page).toMatch(
          new RegExp(`<a href="/feeds/region/${region.slug}">${region.name}</a></td><td class="count">${count}</td>`),
        );
      }
      for (const author of fixtureTerms('authors'))
        expect(page).toContain(`${ORIGIN}/feeds/author/${author.slug}.json`);
      expect(page).toContain(`data-copy="${ORIGIN}/feeds/tag/china.atom"`);
    },
  );

  it('escapes names from the taxonomy', async () => {
    const page = await (await request('/feeds')).text();
    expect(page).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(page).toContain('Li Wei (李伟)');
  });
});

describe('a scope page', () => {
  it('shows the latest items of a region and links to its three feeds', async () => {
    const res = await request('/feeds/region/asia-pacific');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Meridian Review — Asia-Pacific</h1>');
    const latest = newestFirst(fixtureArticles.filter((a) => a.regions.includes('asia-pacific'))).slice(0, 20);
    const positions = latest.map((a) => page.indexOf(`<a href="${a.url}">`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const ext of ['rss', 'atom', 'json'])
      expect(page).toContain(`href="${ORIGIN}/feeds/region/asia-pacific.${ext}"`);
  });

  it('escapes article titles as text', async () => {
    const article = makeArticle({ title: '<img src=x onerror=alert(1)> & "Trade"', tags: ['escaping-test'] });
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    const page = await (await request('/feeds/tag/escaping-test')).text();
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Trade&quot;');
    expect(page).not.toContain('<img');
  });

  it('answers an unknown scope with a 404 problem', async () => {
    expect((await request('/feeds/region/atlantis')).status).toBe(404);
    expect((await request('/feeds/tag/never-used-anywhere')).status).toBe(404);
  });
});

describe('OPML', () => {
  it('lists every feed, grouped, for bulk import', async () => {
    const res = await request('/feeds.opml');
    expect(res.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    const opml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await res.text()) as {
      opml: {
        version: string;
        body: {
          outline: { text: string; outline: { xmlUrl: string; type: string } | { xmlUrl: string; type: string }[] }[];
        };
      };
    };
    expect(opml.opml.version).toBe('2.0');
    const groups = Object.fromEntries(opml.opml.body.outline.map((g) => [g.text, [g.outline].flat()]));
    expect(Object.keys(groups)).toEqual(['Everything', 'Regions', 'Kinds', 'Tags', 'Authors']);
    expect(groups.Regions!.map((o) => o.xmlUrl)).toContain(`${ORIGIN}/feeds/region/latin-america.rss`);
    for (const author of fixtureTerms('authors'))
      expect(groups.Authors!.map((o) => o.xmlUrl)).toContain(`${ORIGIN}/feeds/author/${author.slug}.rss`);
    expect(groups.Tags!.every((o) => o.type === 'rss')).toBe(true);
  });
});
