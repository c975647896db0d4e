import { describe, expect, it } from 'vitest';
import { notModified } from '../../src/http/conditional';

const representation = () =>
  new Response('<rss/>', {
    headers: {
      etag: '"abc"',
      'last-modified': 'Wed, 25 Nov 2026 16:00:00 GMT',
      'cache-control': 'public, max-age=300',
      'content-type': 'application/rss+xml; charset=utf-8',
      vary: 'Accept-Encoding',
      'access-control-allow-origin': '*',
    },
  });
const get = (headers: Record<string, string>, method = 'GET') =>
  new Request('https://x.test/feeds/all.rss', { method, headers });

describe('conditional requests', () => {
  it('returns 304 when the ETag matches, keeping validators and cache headers', () => {
    const res = notModified(get({ 'if-none-match': '"abc"' }), representation())!;
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe('"abc"');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toBeNull();
  });

  it('compares weakly: W/"abc" matches, and so does one tag of a list or *', () => {
    expect(notModified(get({ 'if-none-match': 'W/"abc"' }), representation())?.status).toBe(304);
    expect(notModified(get({ 'if-none-match': '"zzz", W/"abc"' }), representation())?.status).toBe(304);
    expect(notModified(get({ 'if-none-match': '*' }), representation())?.status).toBe(304);
  });

  it('returns nothing when no ETag matches, even if the date would', () => {
    expect(
      notModified(
        get({ 'if-none-match': '"zzz"', 'if-modified-since': 'Thu, 26 Nov 2026 00:00:00 GMT' }),
        representation(),
      ),
    ).toBeNull();
  });

  it('returns 304 for If-Modified-Since at or after Last-Modified, and nothing before it', () => {
    expect(notModified(get({ 'if-modified-since': 'Wed, 25 Nov 2026 16:00:00 GMT' }), representation())?.status).toBe(
      304,
    );
    expect(notModified(get({ 'if-modified-since': 'Wed, 25 Nov 2026 15:59:59 GMT' }), representation())).toBeNull();
  });

  it('ignores a malformed If-Modified-Since', () => {
    expect(notModified(get({ 'if-modified-since': 'last tuesday' }), representation())).toBeNull();
  });

  it('answers HEAD too, but never a POST or a non-200', () => {
    expect(notModified(get({ 'if-none-match': '"abc"' }, 'HEAD'), representation())?.status).toBe(304);
    expect(
      notModified(
        new Request('https://x.test/', { method: 'POST', headers: { 'if-none-match': '"abc"' } }),
        representation(),
      ),
    ).toBeNull();
    const missing = new Response('', { status: 404, headers: { etag: '"abc"' } });
    expect(notModified(get({ 'if-none-match': '"abc"' }), missing)).toBeNull();
  });
});
