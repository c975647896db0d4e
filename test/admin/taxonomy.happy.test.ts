import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parseSnapshot, SNAPSHOT_KEY } from '../../src/storage/taxonomy-snapshot';
import { admin } from '../support/http';

describe('taxonomy records', () => {
  it('creates, reads, replaces, lists and deletes a tag', async () => {
    const tag = { slug: 'arctic', name: 'Arctic', description: 'The High North.' };
    expect((await admin('PUT', '/admin/tags/arctic', tag)).status).toBe(201);
    expect(await (await admin('GET', '/admin/tags/arctic')).json()).toEqual(tag);
    expect((await admin('PUT', '/admin/tags/arctic', { ...tag, name: 'The Arctic' })).status).toBe(200);
    const list = (await (await admin('GET', '/admin/tags')).json()) as { slug: string; name: string }[];
    expect(list.find((t) => t.slug === 'arctic')?.name).toBe('The Arctic');
    expect((await admin('DELETE', '/admin/tags/arctic')).status).toBe(204);
    expect((await admin('GET', '/admin/tags/arctic')).status).toBe(404);
  });

  it('accepts only the seven regions and four kinds', async () => {
    expect((await admin('PUT', '/admin/regions/europe', { slug: 'europe', name: 'Europe' })).status).toBe(201);
    expect((await admin('PUT', '/admin/regions/atlantis', { slug: 'atlantis', name: 'Atlantis' })).status).toBe(422);
    expect((await admin('PUT', '/admin/kinds/brief', { slug: 'brief', name: 'Brief' })).status).toBe(201);
    expect((await admin('PUT', '/admin/kinds/gossip', { slug: 'gossip', name: 'Gossip' })).status).toBe(422);
  });

  it('stores authors with an optional profile URL, rejecting non-http URLs', async () => {
    const author = { slug: 'ana-lima', name: 'Ana Lima', url: 'https://meridian-review.example/authors/ana-lima' };
    expect((await admin('PUT', '/admin/authors/ana-lima', author)).status).toBe(201);
    const res = await admin('PUT', '/admin/authors/ana-lima', { ...author, url: 'javascript:alert(1)' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ pointer: '#/url' }] });
    expect(await (await admin('GET', '/admin/authors/ana-lima')).json()).toEqual(author);
  });

  it('reports per-item results for a batch', async () => {
    const res = await admin('POST', '/admin/tags/batch', [
      { slug: 'g7', name: 'G7' },
      { slug: 'G20!', name: '' },
    ]);
    expect(res.status).toBe(207);
    expect(await res.json()).toMatchObject({
      results: [
        { index: 0, status: 201 },
        { index: 1, status: 422 },
      ],
    });
  });

  it('answers 404 for an unknown taxonomy', async () => {
    expect((await admin('GET', '/admin/colours/red')).status).toBe(404);
  });

  it('keeps the taxonomy snapshot that feeds read in step with the records', async () => {
    await admin('PUT', '/admin/tags/sahel-security', { slug: 'sahel-security', name: 'Sahel security' });
    await admin('POST', '/admin/authors/batch', [
      { slug: 'kofi-mensah', name: 'Kofi Mensah', description: 'Writes on West Africa.' },
    ]);
    let snapshot = parseSnapshot(await env.CONTENT.get(SNAPSHOT_KEY));
    expect(snapshot.tag['sahel-security']).toEqual({ name: 'Sahel security' });
    expect(snapshot.author['kofi-mensah']).toEqual({ name: 'Kofi Mensah', description: 'Writes on West Africa.' });
    await admin('DELETE', '/admin/tags/sahel-security');
    snapshot = parseSnapshot(await env.CONTENT.get(SNAPSHOT_KEY));
    expect(snapshot.tag['sahel-security']).toBeUndefined();
  });
});
