import { describe, expect, it } from 'vitest';
import pkg from '../package.json';
import { request } from './support/http';

describe('service basics', () => {
  it('answers /healthz with the build version', async () => {
    const res = await request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: pkg.version, environment: 'test' });
  });

  it('answers an unknown path with a 404 problem document', async () => {
    const res = await request('/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({ type: '/problems/not-found', status: 404, instance: '/no/such/thing' });
  });
});
