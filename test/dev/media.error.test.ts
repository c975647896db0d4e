import { describe, expect, it } from 'vitest';
import { request } from '../support/http';

describe('/dev/media outside development', () => {
  it('does not exist in production or test', async () => {
    for (const ENVIRONMENT of ['production', 'test']) {
      const res = await request('/dev/media/2025/gaza-reconstruction-ledger.jpg', {}, { ENVIRONMENT });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('answers an unknown image with a 404 problem in development', async () => {
    const res = await request('/dev/media/2025/no-such-image.jpg', {}, { ENVIRONMENT: 'development' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toContain('2025/no-such-image.jpg');
  });
});
