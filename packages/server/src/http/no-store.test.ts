// Issue 10 item 14: no answer of the auth routes may be kept by a browser or shared cache (a shared computer's back
// button, a caching proxy serving one user's /me to the next).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerWithCookie, type SignedIn } from '../test/flows.js';
import { createTestCore, type TestCore } from '../test/test-core.js';
import { TEST_ORIGIN } from '../test/test-server.js';

type Document = { paths: Record<string, Record<string, { operationId: string }>> };

describe('Cache-Control on the auth routes', () => {
  let server: TestCore;
  let user: SignedIn;

  beforeAll(async () => {
    server = await createTestCore();
    user = await registerWithCookie(server);
  });
  afterAll(() => server.close());

  it('marks every answer of every documented /auth route no-store, successes and errors alike', async () => {
    const doc = (await (await server.request('/auth/openapi.json')).json()) as Document;
    // Reads first, so /me and /sessions answer with the user's data before logout revokes the session.
    const order = (method: string) => (method === 'get' ? 0 : 1);
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/auth/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ path, method })))
      .sort((a, b) => order(a.method) - order(b.method));
    expect(operations.length).toBeGreaterThanOrEqual(14);

    const statuses: Record<string, number> = {};
    for (const { path, method } of operations) {
      const withBody = method !== 'get' && method !== 'delete';
      const res = await server.request(path.replace(/\{\w+\}/g, 'x'), {
        method: method.toUpperCase(),
        headers: { ...bearer(user.accessToken), Cookie: `refresh_token=${user.refreshToken}`, Origin: TEST_ORIGIN },
        ...(withBody ? { json: {} } : {}),
      });
      await res.arrayBuffer();
      statuses[`${method} ${path}`] = res.status;
      expect({ route: `${method} ${path}`, cacheControl: res.headers.get('cache-control'), pragma: res.headers.get('pragma') }).toEqual({
        route: `${method} ${path}`,
        cacheControl: 'no-store',
        pragma: 'no-cache',
      });
    }
    // The sweep saw the user's own data, not only refusals.
    expect(statuses['get /auth/me']).toBe(200);
    expect(statuses['get /auth/sessions']).toBe(200);
  });

  it('marks a 404 under the base path no-store too', async () => {
    const res = await server.request('/auth/no-such-route');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves the public JWKS cacheable', async () => {
    const res = await server.request('/.well-known/jwks.json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });
});
