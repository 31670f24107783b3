// Issue 10 item 10: cookie tossing. A page on a sibling subdomain (or a sub-path) can plant a second refresh cookie
// with a broader Domain or a narrower Path; the browser then sends both, and whichever the server took decided whose
// session the user was in. A refresh with two refresh cookies is refused, and nothing rotates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { expectProblem, registerWithCookie, type TokenBody } from '../test/flows.js';
import { createTestServer, refreshCookieOf, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

describe.each(dialects)('cookie tossing on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect);
  });
  afterAll(() => server?.close());

  const generations = async () => {
    const { db } = await server.tessera.ready();
    const rows = await db.selectFrom('sessions').select(['id', 'generation', 'revoked_at']).orderBy('id').execute();
    return rows.map((r) => ({ ...r, generation: Number(r.generation) }));
  };
  const refresh = (cookie: string) =>
    server.request('/auth/refresh', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: TEST_ORIGIN, 'Content-Type': 'application/json' },
      body: '{}',
    });

  it("refuses a refresh carrying the attacker's planted cookie beside the victim's, in either order, and rotates nothing", async () => {
    const victim = await registerWithCookie(server);
    const attacker = await registerWithCookie(server);
    const before = await generations();
    for (const cookie of [
      `refresh_token=${attacker.refreshToken}; refresh_token=${victim.refreshToken}`,
      `refresh_token=${victim.refreshToken}; theme=dark; refresh_token=${attacker.refreshToken}`,
      `refresh_token=${victim.refreshToken}; refresh_token=`,
    ]) {
      const res = await refresh(cookie);
      await expectProblem(res, 400, 'ambiguous_refresh_cookie');
      // Clearing would delete only the cookie the server can name (the victim's) and leave the planted one alone.
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await generations()).toEqual(before);

    // A request with one cookie still works: the victim's own session, untouched by the refused attempts.
    const own = await refresh(`refresh_token=${victim.refreshToken}`);
    expect(own.status).toBe(200);
    expect(((await own.json()) as TokenBody).user.email).toBe(victim.email);
    expect(refreshCookieOf(own)).toBeDefined();
  });

  it('refuses a logout carrying two refresh cookies, revoking neither session', async () => {
    const victim = await registerWithCookie(server);
    const attacker = await registerWithCookie(server);
    const before = await generations();
    const res = await server.request('/auth/logout', {
      method: 'POST',
      headers: {
        Cookie: `refresh_token=${attacker.refreshToken}; refresh_token=${victim.refreshToken}`,
        Origin: TEST_ORIGIN,
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    await expectProblem(res, 400, 'ambiguous_refresh_cookie');
    expect(await generations()).toEqual(before);
  });
});

describe('__Host- refresh cookie', () => {
  it('is set with Path=/, Secure and no Domain, and read back on refresh', async () => {
    const server = await createTestServer('sqlite', { cookie: { name: '__Host-refresh', secure: true } });
    try {
      const res = await server.request('/auth/register', {
        method: 'POST',
        json: { email: `host${Date.now()}@example.com`, password: 'correct horse battery' },
        headers: { Origin: TEST_ORIGIN },
      });
      expect(res.status).toBe(201);
      const [setCookie] = res.headers.getSetCookie();
      expect(setCookie).toMatch(/^__Host-refresh=[A-Za-z0-9_-]{70}; /);
      expect(setCookie).toContain('; Path=/;');
      expect(setCookie).toContain('; Secure');
      expect(setCookie).not.toContain('Domain=');
      const token = refreshCookieOf(res, '__Host-refresh')!;
      const refreshed = await server.request('/auth/refresh', {
        method: 'POST',
        headers: { Cookie: `__Host-refresh=${token}`, Origin: TEST_ORIGIN, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.headers.getSetCookie()[0]).toContain('; Path=/;');
    } finally {
      await server.close();
    }
  });
});
