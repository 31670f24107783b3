import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import {
  bearer,
  expectProblem,
  PASSWORD,
  refreshWithBody,
  refreshWithCookie,
  registerWithBody,
  registerWithCookie,
  type TokenBody,
} from '../test/flows.js';
import { createTestServer, refreshCookieOf, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

describe.each(dialects)('refresh, logout and sessions on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect);
  });
  afterAll(() => server?.close());

  it('rotates the refresh token on every use and issues a new access token', async () => {
    const user = await registerWithBody(server);
    server.clock.advance(1000);
    const res = await refreshWithBody(server, user.refreshToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{70}$/);
    expect(body.refresh_token).not.toBe(user.refreshToken);
    expect(body.access_token).not.toBe(user.accessToken);
    expect(body.user.email).toBe(user.email);
    expect((await refreshWithBody(server, body.refresh_token!)).status).toBe(200);
  });

  it('gives every parallel refresh of one token the same successor, and none fails', async () => {
    const user = await registerWithBody(server);
    const responses = await Promise.all(Array.from({ length: 10 }, () => refreshWithBody(server, user.refreshToken)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const tokens = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { refresh_token: string }).refresh_token)));
    expect(tokens.size).toBe(1);
    const [successor] = [...tokens];
    expect((await refreshWithBody(server, successor!)).status).toBe(200);
  });

  it('answers the parent with the same successor while the successor is unused, however late', async () => {
    const user = await registerWithBody(server);
    const first = (await (await refreshWithBody(server, user.refreshToken)).json()) as { refresh_token: string };
    server.clock.advance(9_000);
    const again = (await (await refreshWithBody(server, user.refreshToken)).json()) as { refresh_token: string };
    expect(again.refresh_token).toBe(first.refresh_token);
    server.clock.advance(3_600_000);
    const late = (await (await refreshWithBody(server, user.refreshToken)).json()) as { refresh_token: string };
    expect(late.refresh_token).toBe(first.refresh_token);
    expect((await refreshWithBody(server, first.refresh_token)).status).toBe(200);
  });

  it('refuses unknown, forged and malformed refresh tokens', async () => {
    const user = await registerWithBody(server);
    const forged = user.refreshToken.slice(0, 40) + (user.refreshToken[40] === 'A' ? 'B' : 'A') + user.refreshToken.slice(41);
    await expectProblem(await refreshWithBody(server, forged), 401, 'invalid_token');
    await expectProblem(await refreshWithBody(server, 'x'.repeat(64)), 401, 'invalid_token');
    await expectProblem(await refreshWithBody(server, 'short'), 401, 'invalid_token');
    await expectProblem(await server.request('/auth/refresh', { method: 'POST', json: {} }), 401, 'invalid_token');
    await expectProblem(await server.request('/auth/refresh', { method: 'POST', json: { refresh_token: 42 } }), 400, 'validation_failed');
    // The genuine token still works after the forgeries.
    expect((await refreshWithBody(server, user.refreshToken)).status).toBe(200);
  });

  it('expires refresh tokens after their sliding lifetime, and sessions at their absolute maximum', async () => {
    const short = await createTestServer(dialect, { refreshTokenTtl: '1d', sessionMaxLifetime: '3d', accessTokenTtl: '5m' });
    try {
      const user = await registerWithBody(short);
      short.clock.advance(86_400_000 + 1);
      await expectProblem(await refreshWithBody(short, user.refreshToken), 401, 'token_expired');

      const active = await registerWithBody(short);
      let token = active.refreshToken;
      for (let day = 0; day < 2; day++) {
        short.clock.advance(20 * 3_600_000);
        const res = await refreshWithBody(short, token);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { refresh_token: string; refresh_expires_at: number };
        token = body.refresh_token;
      }
      // Sliding: still alive 40 h in, although each token lives one day. But the absolute maximum wins.
      short.clock.advance(20 * 3_600_000);
      const third = (await (await refreshWithBody(short, token)).json()) as { refresh_token: string; refresh_expires_at: number };
      expect(third.refresh_expires_at).toBe(short.clock.now() - 60 * 3_600_000 + 3 * 86_400_000);
      short.clock.advance(13 * 3_600_000);
      await expectProblem(await refreshWithBody(short, third.refresh_token), 401, 'token_expired');
    } finally {
      await short.close();
    }
  });

  it('expires access tokens on time', async () => {
    const user = await registerWithBody(server);
    server.clock.advance(899_000);
    expect((await server.request('/auth/me', { headers: bearer(user.accessToken) })).status).toBe(200);
    server.clock.advance(1_000);
    const res = await server.request('/auth/me', { headers: bearer(user.accessToken) });
    await expectProblem(res, 401, 'token_expired');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="tessera", error="invalid_token"/);
  });

  describe('cookie transport', () => {
    it('sets an HttpOnly cookie scoped to the auth path with the refresh lifetime', async () => {
      const res = await server.request('/auth/register', {
        method: 'POST',
        json: { email: `c${Date.now()}@example.com`, password: PASSWORD },
      });
      const [cookie] = res.headers.getSetCookie();
      expect(cookie).toMatch(/^refresh_token=[A-Za-z0-9_-]{70}; /);
      expect(cookie).toContain('; HttpOnly');
      expect(cookie).toContain('; Path=/auth');
      expect(cookie).toContain('; SameSite=Lax');
      expect(cookie).toContain(`; Max-Age=${30 * 86_400}`);
      expect(cookie).not.toContain('Secure'); // the test server turns Secure off, as NODE_ENV=development would
    });

    it('rotates through the cookie and never puts the token in the body', async () => {
      const user = await registerWithCookie(server);
      const res = await refreshWithCookie(server, user.refreshToken);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.refresh_token).toBeUndefined();
      const next = refreshCookieOf(res);
      expect(next).toBeDefined();
      expect(next).not.toBe(user.refreshToken);
      // Even when the caller asks for the body transport, a cookie-borne token is answered with a cookie.
      const asked = await refreshWithCookie(server, next!, { 'X-Token-Transport': 'body' });
      expect(((await asked.json()) as Record<string, unknown>).refresh_token).toBeUndefined();
      expect(refreshCookieOf(asked)).toBeDefined();
    });

    it('rejects cookie refreshes a foreign page or a plain form could send', async () => {
      const user = await registerWithCookie(server);
      await expectProblem(await refreshWithCookie(server, user.refreshToken, { Origin: 'https://evil.example' }), 403, 'csrf_rejected');
      await expectProblem(
        await refreshWithCookie(server, user.refreshToken, { 'Content-Type': 'application/x-www-form-urlencoded' }),
        403,
        'csrf_rejected',
      );
      await expectProblem(await refreshWithCookie(server, user.refreshToken, { 'Content-Type': 'text/plain' }), 403, 'csrf_rejected');
      await expectProblem(
        await server.request('/auth/logout', {
          method: 'POST',
          headers: { Cookie: `refresh_token=${user.refreshToken}`, Origin: 'https://evil.example', 'Content-Type': 'application/json' },
          body: '{}',
        }),
        403,
        'csrf_rejected',
      );
      // None of that cost the user the session.
      expect((await refreshWithCookie(server, user.refreshToken)).status).toBe(200);
    });

    it('clears the cookie when the refresh is refused', async () => {
      const res = await refreshWithCookie(server, 'y'.repeat(64));
      await expectProblem(res, 401, 'invalid_token');
      expect(res.headers.getSetCookie()[0]).toMatch(/^refresh_token=; .*Max-Age=0/);
    });
  });

  it('logs out: the session is revoked, the cookie cleared, and the refresh token refused', async () => {
    const user = await registerWithCookie(server);
    const res = await server.request('/auth/logout', {
      method: 'POST',
      headers: { Cookie: `refresh_token=${user.refreshToken}`, Origin: TEST_ORIGIN, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()[0]).toMatch(/^refresh_token=; Path=\/auth; Max-Age=0; HttpOnly/);
    await expectProblem(await refreshWithCookie(server, user.refreshToken), 401, 'session_revoked');
    // Logging out twice is fine.
    expect((await server.request('/auth/logout', { method: 'POST', json: { refresh_token: user.refreshToken } })).status).toBe(204);
  });

  it('logs out a body-transport session with the token in the body', async () => {
    const user = await registerWithBody(server);
    expect((await server.request('/auth/logout', { method: 'POST', json: { refresh_token: user.refreshToken } })).status).toBe(204);
    await expectProblem(await refreshWithBody(server, user.refreshToken), 401, 'session_revoked');
  });

  it('logs out everywhere: every refresh token of the user is refused', async () => {
    const first = await registerWithBody(server);
    const second = (await (
      await server.request('/auth/login', {
        method: 'POST',
        json: { email: first.email, password: PASSWORD },
        headers: { 'X-Token-Transport': 'body' },
      })
    ).json()) as Record<string, string>;
    await expectProblem(await server.request('/auth/logout-all', { method: 'POST' }), 401, 'invalid_token');
    expect((await server.request('/auth/logout-all', { method: 'POST', headers: bearer(first.accessToken) })).status).toBe(204);
    await expectProblem(await refreshWithBody(server, first.refreshToken), 401, 'session_revoked');
    await expectProblem(await refreshWithBody(server, second.refresh_token!), 401, 'session_revoked');
    await expectProblem(await server.request('/auth/sessions', { headers: bearer(second.access_token!) }), 401, 'session_revoked');
  });

  it("lists the user's sessions, marks the current one, and revokes only the user's own", async () => {
    const user = await registerWithBody(server);
    const other = (await (
      await server.request('/auth/login', {
        method: 'POST',
        json: { email: user.email, password: PASSWORD },
        headers: { 'X-Token-Transport': 'body', 'User-Agent': 'second-device' },
      })
    ).json()) as Record<string, string>;
    const list = (await (await server.request('/auth/sessions', { headers: bearer(user.accessToken) })).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    expect(list.sessions).toHaveLength(2);
    expect(list.sessions.filter((s) => s.current)).toHaveLength(1);
    const second = list.sessions.find((s) => s.user_agent === 'second-device')!;
    expect(second).toMatchObject({
      id: expect.any(String),
      created_at: expect.any(String),
      last_used_at: expect.any(String),
      ip: '127.0.0.1',
      current: false,
    });

    const stranger = await registerWithBody(server);
    await expectProblem(
      await server.request(`/auth/sessions/${second.id}`, { method: 'DELETE', headers: bearer(stranger.accessToken) }),
      404,
      'not_found',
    );
    expect((await refreshWithBody(server, other.refresh_token!)).status).toBe(200);

    expect((await server.request(`/auth/sessions/${second.id}`, { method: 'DELETE', headers: bearer(user.accessToken) })).status).toBe(204);
    await expectProblem(
      await server.request(`/auth/sessions/${second.id}`, { method: 'DELETE', headers: bearer(user.accessToken) }),
      404,
      'not_found',
    );
    const after = (await (await server.request('/auth/sessions', { headers: bearer(user.accessToken) })).json()) as { sessions: unknown[] };
    expect(after.sessions).toHaveLength(1);
  });

  it('changes the password, revoking every other session but keeping this one', async () => {
    const user = await registerWithBody(server);
    const other = (await (
      await server.request('/auth/login', {
        method: 'POST',
        json: { email: user.email, password: PASSWORD },
        headers: { 'X-Token-Transport': 'body' },
      })
    ).json()) as Record<string, string>;
    await expectProblem(
      await server.request('/auth/password', {
        method: 'POST',
        json: { current_password: 'nope', new_password: 'a new long password' },
        headers: bearer(user.accessToken),
      }),
      401,
      'invalid_credentials',
    );
    await expectProblem(
      await server.request('/auth/password', {
        method: 'POST',
        json: { current_password: PASSWORD, new_password: 'short' },
        headers: bearer(user.accessToken),
      }),
      400,
      'validation_failed',
    );
    expect(
      (
        await server.request('/auth/password', {
          method: 'POST',
          json: { current_password: PASSWORD, new_password: 'a new long password' },
          headers: bearer(user.accessToken),
        })
      ).status,
    ).toBe(204);
    await expectProblem(await refreshWithBody(server, other.refresh_token!), 401, 'session_revoked');
    expect((await refreshWithBody(server, user.refreshToken)).status).toBe(200);
    await expectProblem(
      await server.request('/auth/login', { method: 'POST', json: { email: user.email, password: PASSWORD } }),
      401,
      'invalid_credentials',
    );
    expect(
      (await server.request('/auth/login', { method: 'POST', json: { email: user.email, password: 'a new long password' } })).status,
    ).toBe(200);
  });
});
