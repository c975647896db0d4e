import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articleKey } from '../../src/storage/keys';
import { makeArticle } from '../support/articles';
import { admin } from '../support/http';

type Problem = { type: string; status: number; errors?: { pointer: string; detail: string }[] };

describe('publishing API errors', () => {
  it('lists every failing field of an invalid article as a JSON pointer, and stores nothing', async () => {
    const article = makeArticle();
    const invalid = {
      ...article,
      url: 'javascript:alert(1)',
      kind: 'rumour',
      regions: [],
      authors: [{ slug: 'Bad Slug', name: '' }],
      publishedAt: 'yesterday',
      image: { url: 'https://x.example/a.jpg', alt: '', width: -5 },
      surprise: true,
    };
    const res = await admin('PUT', `/admin/articles/${article.slug}`, invalid);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as Problem;
    expect(body.type).toBe('/problems/validation-failed');
    expect(body.errors!.map((e) => e.pointer).sort()).toEqual(
      [
        '#',
        '#/authors/0/name',
        '#/authors/0/slug',
        '#/image/alt',
        '#/image/width',
        '#/kind',
        '#/publishedAt',
        '#/regions',
        '#/url',
      ].sort(),
    );
    expect(await env.CONTENT.get(articleKey(article.id))).toBeNull();
  });

  it('refuses a body whose slug differs from the URL', async () => {
    const article = makeArticle();
    const res = await admin('PUT', '/admin/articles/some-other-slug', article);
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors).toEqual([
      { pointer: '#/slug', detail: 'must equal the slug in the URL' },
    ]);
  });

  it('answers 409 when a slug is claimed by an article with another id, keeping the original', async () => {
    const article = makeArticle();
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    const impostor = { ...makeArticle(), slug: article.slug };
    const res = await admin('PUT', `/admin/articles/${article.slug}`, impostor);
    expect(res.status).toBe(409);
    expect(await (await admin('GET', `/admin/articles/${article.slug}`)).json()).toEqual(article);
  });

  it('answers 400 for malformed JSON and 415 for another content type', async () => {
    const article = makeArticle();
    expect((await admin('PUT', `/admin/articles/${article.slug}`, '{"id": ')).status).toBe(400);
    const res = await admin('PUT', `/admin/articles/${article.slug}`, JSON.stringify(article), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(415);
  });

  it('answers 413 for a body over the limit without storing anything', async () => {
    const article = makeArticle({ bodyHtml: `<p>${'x'.repeat(5 * 1024 * 1024)}</p>` });
    const res = await admin('PUT', `/admin/articles/${article.slug}`, article);
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).type).toBe('/problems/payload-too-large');
    expect(await env.CONTENT.get(articleKey(article.id))).toBeNull();
  });

  it('answers 404 for an unknown or malformed slug', async () => {
    expect((await admin('GET', '/admin/articles/never-published')).status).toBe(404);
    expect((await admin('GET', `/admin/articles/${'x'.repeat(600)}`)).status).toBe(404);
    expect((await admin('DELETE', '/admin/articles/Not%20A%20Slug')).status).toBe(404);
  });

  it('answers 404 rather than 500 when the stored record is corrupt', async () => {
    const article = makeArticle();
    await admin('PUT', `/admin/articles/${article.slug}`, article);
    await env.CONTENT.put(articleKey(article.id), 'not json');
    expect((await admin('GET', `/admin/articles/${article.slug}`)).status).toBe(404);
    // and it can be repaired by publishing it again
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
    expect(await (await admin('GET', `/admin/articles/${article.slug}`)).json()).toEqual(article);
  });

  it('refuses a batch that is not an array of 1 to 100 items', async () => {
    expect((await admin('POST', '/admin/articles/batch', { articles: [] })).status).toBe(422);
    expect((await admin('POST', '/admin/articles/batch', [])).status).toBe(422);
  });
});
