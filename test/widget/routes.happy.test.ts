import { beforeAll, describe, expect, it } from 'vitest';
import type { WidgetData } from '../../src/widget/latest-json';
import { fixtureArticles, fixtureTerms, newestFirst, seedFixtures } from '../support/fixtures';
import { ORIGIN, request } from '../support/http';

beforeAll(seedFixtures);

const json = async (path: string) => (await (await request(path)).json()) as WidgetData;
const kvOps = (res: Response) => Number(/kv;desc="(\d+) ops"/.exec(res.headers.get('server-timing')!)![1]);

describe('GET /widget.js', () => {
  it('serves the script to any origin: CORP cross-origin, CORS without credentials, an hour fresh, with an ETag', async () => {
    const res = await request('/widget.js', { headers: { origin: 'https://partner.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('cache-control')).toBe(
      'public, max-age=3600, stale-while-revalidate=86400, stale-if-error=86400',
    );
    expect(await res.text()).toContain('customElements.define');
  });

  it('answers a revalidation with 304', async () => {
    const etag = (await request('/widget.js')).headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await request('/widget.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('serves the resize helper the same way', async () => {
    const res = await request('/widget/resize.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('GET /widget/latest.json', () => {
  it('lists the five newest analyses by default', async () => {
    const data = await json('/widget/latest.json');
    const expected = newestFirst(fixtureArticles.filter((a) => a.kind === 'analysis')).slice(0, 5);
    expect(data.items.map((i) => i.id)).toEqual(expected.map((a) => a.id));
    expect(data.site).toEqual({ name: 'Meridian Review', url: 'https://meridian-review.example' });
    expect(data.label).toBe('Analysis');
  });

  it('narrows to a region and a tag, up to limit', async () => {
    const data = await json('/widget/latest.json?region=asia-pacific&tag=china&limit=3');
    const expected = newestFirst(
      fixtureArticles.filter(
        (a) => a.kind === 'analysis' && a.regions.includes('asia-pacific') && a.tags.includes('china'),
      ),
    ).slice(0, 3);
    expect(expected).toHaveLength(3);
    expect(data.items.map((i) => i.id)).toEqual(expected.map((a) => a.id));
    expect(data.label).toBe('Analysis · Asia-Pacific · China');
  });

  it.each([
    [
      'author=li-wei&kind=news',
      (a: (typeof fixtureArticles)[number]) => a.kind === 'news' && a.authors.some((x) => x.slug === 'li-wei'),
    ],
    [
      'kind=opinion&region=europe&limit=10',
      (a: (typeof fixtureArticles)[number]) => a.kind === 'opinion' && a.regions.includes('europe'),
    ],
    [
      'tag=trade&author=li-wei',
      (a: (typeof fixtureArticles)[number]) =>
        a.kind === 'analysis' && a.tags.includes('trade') && a.authors.some((x) => x.slug === 'li-wei'),
    ],
  ])('selects by %s', async (query, wanted) => {
    const data = await json(`/widget/latest.json?${query}`);
    const limit = Number(new URLSearchParams(query).get('limit') ?? 5);
    expect(data.items.map((i) => i.id)).toEqual(
      newestFirst(fixtureArticles.filter(wanted))
        .slice(0, limit)
        .map((a) => a.id),
    );
  });

  it('gives each item only what a widget shows: no body, image with its dimensions, names from the taxonomy', async () => {
    const article = newestFirst(fixtureArticles.filter((a) => a.kind === 'analysis' && a.image))[0]!;
    const item = (await json(`/widget/latest.json?author=${article.authors[0]!.slug}&limit=10`)).items.find(
      (i) => i.id === article.id,
    )!;
    const regionNames = Object.fromEntries(fixtureTerms('regions').map((r) => [r.slug, r.name]));
    expect(item).toEqual({
      id: article.id,
      title: article.title,
      dek: article.dek,
      url: article.url,
      image: {
        url: article.image!.url,
        alt: article.image!.alt,
        width: article.image!.width,
        height: article.image!.height,
      },
      authors: article.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })),
      regions: article.regions.map((slug) => ({ slug, name: regionNames[slug] })),
      publishedAt: article.publishedAt,
      language: article.language,
    });
  });

  it('is public, cacheable and revalidatable: CORS *, no credentials, stale-while-revalidate, ETag and 304', async () => {
    const path = '/widget/latest.json?region=europe';
    const res = await request(path, { headers: { origin: 'https://partner.example' } });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toMatch(
      /^public, max-age=300, stale-while-revalidate=\d+, stale-if-error=\d+$/,
    );
    expect(res.headers.get('set-cookie')).toBeNull();
    const again = await request(path, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('costs at most two KV operations cold and none when cached', async () => {
    const path = '/widget/latest.json?region=africa&author=amara-okonkwo&limit=10';
    const cold = await request(path);
    expect(kvOps(cold)).toBeLessThanOrEqual(2);
    const warm = await request(path);
    expect(warm.headers.get('x-edge-cache')).toBe('HIT');
    expect(kvOps(warm)).toBe(0);
  });

  it('ignores parameters it does not know, such as presentation ones and cache-busters', async () => {
    const res = await request('/widget/latest.json?theme=neon&utm_source=x&_=123');
    expect(res.status).toBe(200);
  });
});

describe('GET /widget/frame', () => {
  it('renders the widget as a document that any site may frame by default', async () => {
    const res = await request('/widget/frame?region=asia-pacific&tag=china&limit=4&layout=cards');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('content-security-policy')).toMatch(/; frame-ancestors \*$/);
    const page = await res.text();
    expect(page.match(/<li part="item" class="i"/g)).toHaveLength(4);
    expect(page).toContain('class="la l-cards t-auto"');
    expect(page).toContain('<html lang="en">');
  });

  it('lets only the configured partners (and the builder on this origin) frame it', async () => {
    const res = await request(
      '/widget/frame',
      {},
      { WIDGET_FRAME_ANCESTORS: 'https://thinktank.example  https://*.university.example' },
    );
    expect(res.headers.get('content-security-policy')).toMatch(
      /; frame-ancestors 'self' https:\/\/thinktank\.example https:\/\/\*\.university\.example$/,
    );
  });

  it('is cached and revalidated like every public page', async () => {
    const first = await request('/widget/frame?region=africa');
    expect(first.headers.get('cache-control')).toMatch(/stale-while-revalidate=/);
    expect(
      (await request('/widget/frame?region=africa', { headers: { 'if-none-match': first.headers.get('etag')! } }))
        .status,
    ).toBe(304);
  });
});

describe('GET /widget (embed builder)', () => {
  it('preselects the choice from the query and shows both snippets for it', async () => {
    const res = await request('/widget?region=asia-pacific&tag=china&limit=3&theme=dark&layout=compact');
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const page = await res.text();
    expect(page).toContain('<option value="asia-pacific" selected>Asia-Pacific</option>');
    expect(page).toContain('<option value="china" selected>China</option>');
    expect(page).toContain(
      '<latest-analysis region="asia-pacific" tag="china" limit="3" theme="dark" layout="compact">',
    );
    expect(page).toContain(`&lt;script src=&quot;${ORIGIN}/widget.js&quot; async&gt;&lt;/script&gt;`);
    expect(page).toContain(
      `&lt;iframe src=&quot;${ORIGIN}/widget/frame?region=asia-pacific&amp;amp;tag=china&amp;amp;limit=3&amp;amp;theme=dark&amp;amp;layout=compact&quot;`,
    );
    expect(page).toContain(
      `<iframe src="${ORIGIN}/widget/frame?region=asia-pacific&amp;tag=china&amp;limit=3&amp;theme=dark&amp;layout=compact"`,
    );
  });

  it.each([
    ['/widget/builder.js', 'text/javascript; charset=utf-8'],
    ['/widget/builder.css', 'text/css; charset=utf-8'],
  ])('serves %s', async (path, type) => {
    const res = await request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });
});
