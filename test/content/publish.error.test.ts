import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articleKey } from '../../src/storage/keys';
import { makeArticle } from '../support/articles';
import { admin } from '../support/http';

describe('publishing a body the sanitizer empties', () => {
  it('answers 422 naming bodyHtml, and stores nothing', async () => {
    const article = makeArticle({ bodyHtml: '<script>alert(1)</script><iframe src="https://x.example"></iframe>' });
    const res = await admin('PUT', `/admin/articles/${article.slug}`, article);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({ errors: [{ pointer: '#/bodyHtml' }] });
    expect(await env.CONTENT.get(articleKey(article.id))).toBeNull();
  });

  it('refuses only that item of a batch', async () => {
    const empty = makeArticle({ bodyHtml: '<svg><script>alert(1)</script></svg>' });
    const fine = makeArticle({ bodyHtml: '<p>Fine <script>alert(1)</script></p>' });
    const res = await admin('POST', '/admin/articles/batch', [empty, fine]);
    expect(res.status).toBe(207);
    const { results } = (await res.json()) as { results: { slug: string; status: number }[] };
    expect(results.map((r) => [r.slug, r.status])).toEqual([
      [empty.slug, 422],
      [fine.slug, 201],
    ]);
    expect(await env.CONTENT.get(articleKey(empty.id))).toBeNull();
    expect(JSON.parse((await env.CONTENT.get(articleKey(fine.id)))!)).toMatchObject({ bodyHtml: '<p>Fine </p>' });
  });

  it('accepts a body that keeps only text', async () => {
    const article = makeArticle({ bodyHtml: '<font>Just text</font>' });
    expect((await admin('PUT', `/admin/articles/${article.slug}`, article)).status).toBe(201);
  });
});

describe('the sanitizer marker', () => {
  it('cannot be sent by the CMS: a body is never taken as already clean', async () => {
    const article = { ...makeArticle({ bodyHtml: '<p onclick="x">p</p>' }), sanitizer: 1 };
    const res = await admin('PUT', `/admin/articles/${article.slug}`, article);
    expect(res.status).toBe(422);
    expect(await env.CONTENT.get(articleKey(article.id))).toBeNull();
  });
});
