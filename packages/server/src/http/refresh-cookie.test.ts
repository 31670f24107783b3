// The session hint cookie travels with the refresh cookie: set by every token response, cleared by every answer that
// clears the refresh cookie, readable by pages (Path=/, not HttpOnly) and carrying nothing but `1`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, refreshWithCookie, registerWithBody, registerWithCookie } from '../test/flows.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

/** The Set-Cookie values of `res` by cookie name. */
function cookiesOf(res: Response): Record<string, string> {
  return Object.fromEntries(res.headers.getSetCookie().map((cookie) => [cookie.slice(0, cookie.indexOf('=')), cookie]));
}

const cookieRequest = (path: string, token: string, headers: Record<string, string> = {}) => ({
  path,
  init: { method: 'POST', headers: { Cookie: `refresh_token=${token}`, Origin: TEST_ORIGIN, ...headers }, json: {} },
});

function expectCleared(res: Response) {
  const { refresh_token: refresh, tessera_session: hint } = cookiesOf(res);
  expect(refresh).toMatch(/^refresh_token=; .*Max-Age=0/);
  expect(hint).toMatch(/^tessera_session=; Path=\/; Max-Age=0; SameSite=Lax$/);
}

describe('the session hint cookie', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer('sqlite');
  });
  afterAll(() => server?.close());

  it('is set with the refresh cookie, same lifetime, readable on every path, and only `1`', async () => {
    const res = await server.request('/auth/login', {
      method: 'POST',
      json: { email: (await registerWithCookie(server)).email, password: 'correct horse battery' },
      headers: { Origin: TEST_ORIGIN },
    });
    const { refresh_token: refresh, tessera_session: hint } = cookiesOf(res);
    expect(refresh).toMatch(/^refresh_token=[A-Za-z0-9_-]{70}; Path=\/auth; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    expect(hint).toBe('tessera_session=1; Path=/; Max-Age=2592000; SameSite=Lax');
  });

  it('is renewed by every rotation', async () => {
    const user = await registerWithCookie(server);
    server.clock.advance(60_000);
    const res = await refreshWithCookie(server, user.refreshToken);
    expect(res.status).toBe(200);
    expect(cookiesOf(res).tessera_session).toBe('tessera_session=1; Path=/; Max-Age=2592000; SameSite=Lax');
  });

  it('is not set for body transport, which sets no refresh cookie either', async () => {
    const res = await server.request('/auth/register', {
      method: 'POST',
      json: { email: `hint${Date.now()}@example.com`, password: 'correct horse battery' },
      headers: { 'X-Token-Transport': 'body' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('is cleared by logout', async () => {
    const user = await registerWithCookie(server);
    const { path, init } = cookieRequest('/auth/logout', user.refreshToken);
    const res = await server.request(path, init);
    expect(res.status).toBe(204);
    expectCleared(res);
  });

  it('is cleared by logout-all, and by the refusal of the revoked session afterwards', async () => {
    const user = await registerWithCookie(server);
    const res = await server.request('/auth/logout-all', { method: 'POST', headers: { ...bearer(user.accessToken), Origin: TEST_ORIGIN } });
    expect(res.status).toBe(204);
    expectCleared(res);
    const refused = await refreshWithCookie(server, user.refreshToken);
    expectCleared(refused);
    await expectProblem(refused, 401, 'session_revoked');
  });

  it('is cleared when a reused refresh token ends the session', async () => {
    const user = await registerWithCookie(server);
    const first = await refreshWithCookie(server, user.refreshToken);
    const successor = cookiesOf(first).refresh_token!.split(/[=;]/)[1]!;
    expect((await refreshWithCookie(server, successor)).status).toBe(200);
    server.clock.advance(60_000);
    const reused = await refreshWithCookie(server, user.refreshToken);
    expectCleared(reused);
    await expectProblem(reused, 401, 'refresh_token_reused');
  });

  it('is cleared by a refresh without a cookie (a stale hint stops the page asking)', async () => {
    const res = await server.request('/auth/refresh', { method: 'POST', headers: { Origin: TEST_ORIGIN }, json: {} });
    expectCleared(res);
    await expectProblem(res, 401, 'invalid_token');
  });

  it('is cleared by deleting the account', async () => {
    const user = await registerWithCookie(server);
    const res = await server.request('/auth/me', { method: 'DELETE', headers: { ...bearer(user.accessToken), Origin: TEST_ORIGIN } });
    expect(res.status).toBe(204);
    expectCleared(res);
  });

  it('a refresh with body transport leaves the cookies alone', async () => {
    const user = await registerWithBody(server);
    const res = await server.request('/auth/refresh', { method: 'POST', json: { refresh_token: user.refreshToken.slice(1) } });
    await expectProblem(res, 401, 'invalid_token');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('takes its name from the configuration, and shares the refresh cookie attributes', async () => {
    const named = await createTestServer('sqlite', {
      cookie: { secure: true, domain: 'example.com', hintName: 'app_session', sameSite: 'strict' },
    });
    try {
      const user = await registerWithCookie(named);
      const login = await named.request('/auth/login', {
        method: 'POST',
        json: { email: user.email, password: 'correct horse battery' },
        headers: { Origin: TEST_ORIGIN },
      });
      expect(cookiesOf(login).app_session).toBe('app_session=1; Path=/; Max-Age=2592000; SameSite=Strict; Secure; Domain=example.com');
    } finally {
      await named.close();
    }
  });
});
