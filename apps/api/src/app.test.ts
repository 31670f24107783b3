import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTessera, type Tessera } from '@tessera/server';
import { createApiApp } from './app.js';

describe('demo API', () => {
  let tessera: Tessera;
  let app: Awaited<ReturnType<typeof createApiApp>>;
  beforeAll(async () => {
    tessera = createTessera({
      databaseUrl: 'sqlite::memory:',
      argon2: { memoryCost: 1024, timeCost: 1 },
      logger: { info() {}, warn() {}, error() {} },
    });
    app = await createApiApp(tessera);
  });
  afterAll(() => tessera.close());

  const register = async () => {
    const res = await app.request('/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email: `p${Math.random()}@example.com`, password: 'correct horse battery' }),
      headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { access_token: string }).access_token;
  };

  it('serves the seeded posts to a signed-in user only', async () => {
    const token = await register();
    const res = await app.request('/api/posts', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { posts: Array<Record<string, unknown>>; user_id: string };
    expect(body.posts.length).toBeGreaterThanOrEqual(4);
    // The shape docs/client.md and docs/next-auth.md give for this route.
    expect(Object.keys(body).sort()).toEqual(['posts', 'user_id']);
    expect(Object.keys(body.posts[0]!).sort()).toEqual(['author', 'body', 'id', 'published_at', 'title']);
    expect(body.posts[0]!.published_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const anonymous = await app.request('/api/posts');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('answers the verified claims on the guarded whoami route', async () => {
    const token = await register();
    const res = await app.request('/api/whoami', { headers: { authorization: `Bearer ${token}` } });
    expect(await res.json()).toMatchObject({ iss: 'tessera', aud: 'tessera', sub: expect.any(String), sid: expect.any(String) });
  });

  it('passes Tessera routes through and answers unknown paths with a problem', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/nope')).status).toBe(404);
  });
});
