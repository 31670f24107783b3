import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../test/test-core.js';
import { TEST_ORIGIN } from '../test/test-server.js';

describe('CORS', () => {
  let server: TestCore;
  beforeAll(async () => {
    server = await createTestCore();
  });
  afterAll(() => server?.close());

  const preflight = (origin: string) =>
    server.request('/auth/refresh', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });

  it('answers preflights for allowlisted origins with credentials, never a wildcard', async () => {
    const res = await preflight(TEST_ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives other origins no allow headers at all', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const real = await server.request('/healthz', { headers: { Origin: 'https://evil.example' } });
    expect(real.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks successful and error responses alike, so the page can read its errors', async () => {
    const ok = await server.request('/healthz', { headers: { Origin: TEST_ORIGIN } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const failed = await server.request('/auth/login', {
      method: 'POST',
      json: { email: 'nobody@example.com', password: 'whatever' },
      headers: { Origin: TEST_ORIGIN },
    });
    expect(failed.status).toBe(401);
    expect(failed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(failed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(failed.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    const invalid = await server.request('/auth/login', {
      method: 'POST',
      body: '{',
      headers: { Origin: TEST_ORIGIN, 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const missing = await server.request('/auth/nothing-here', { headers: { Origin: TEST_ORIGIN } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });
});
