// Issue 14 item 2: a refresh that came without its cookie says why outside production (cookie_diagnostic), and
// answers exactly as before in production. The status, code, detail and challenge never change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOf, registerWithCookie } from '../test/flows.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

/** POST /auth/refresh as a page of TEST_ORIGIN sends it, from another site than the server's 127.0.0.1. */
const crossSite = { 'sec-fetch-site': 'cross-site', origin: TEST_ORIGIN };
/** The same request from a page the browser counts as the API's own site. */
const sameSite = { 'sec-fetch-site': 'same-site', origin: TEST_ORIGIN };

const refresh = (server: TestServer, headers: Record<string, string>) =>
  server.request('/auth/refresh', { method: 'POST', json: {}, headers });

/** What the server answered before issue 14 to a refresh without a token, the same for every caller. */
const TERSE = {
  type: 'urn:tessera:error:invalid_token',
  title: 'Invalid token',
  status: 401,
  detail: 'No refresh token: send the cookie or {"refresh_token"}',
  code: 'invalid_token',
};

describe('a refresh without the refresh cookie', () => {
  let development: TestServer;
  let production: TestServer;
  beforeAll(async () => {
    [development, production] = await Promise.all([
      createTestServer('sqlite', {}, { NODE_ENV: 'development' }),
      createTestServer('sqlite', { tesseraSecret: 's'.repeat(32), accountEmails: false }, { NODE_ENV: 'production' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([development?.close(), production?.close()]);
  });

  it('in development, says which setting likely kept the cookie back, with the same status, code and detail', async () => {
    const res = await refresh(development, crossSite);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="tessera", error="invalid_token", error_description="No refresh token: send the cookie or {refresh_token}"',
    );
    const body = (await res.json()) as typeof TERSE & { cookie_diagnostic?: Record<string, string> };
    expect(body).toMatchObject(TERSE);
    expect(body.cookie_diagnostic).toMatchObject({
      likely_cause: 'samesite_blocks_cross_site',
      fix: expect.stringContaining('JWT_COOKIE_SAMESITE=none'),
      message: expect.stringMatching(/^Tessera: the browser did not send the refresh cookie.*SameSite=Lax/),
    });
  });

  it('in development, tells a signed-out visitor of a sound deployment nothing', async () => {
    expect(await refresh(development, sameSite).then((r) => r.json())).toEqual(TERSE);
    // A server-side caller is no browser: no Origin, nothing to diagnose.
    expect(await refresh(development, {}).then((r) => r.json())).toEqual(TERSE);
  });

  it('in development, diagnoses only a missing cookie, not a refused one', async () => {
    const user = await registerWithCookie(development);
    const res = await refresh(development, { ...crossSite, cookie: `refresh_token=${user.refreshToken}x` });
    expect(((await res.json()) as Record<string, unknown>).cookie_diagnostic).toBeUndefined();
  });

  it('in production, answers a broken deployment exactly as a sound one, as before', async () => {
    const broken = await answerOf(await refresh(production, crossSite));
    const sound = await answerOf(await refresh(production, sameSite));
    expect(broken).toEqual(sound);
    expect(JSON.parse(broken.body)).toEqual(TERSE);
  });

  it('lists the member in the OpenAPI document', async () => {
    const document = (await (await development.request('/auth/openapi.json')).json()) as {
      components: { schemas: { Problem: { properties: Record<string, { properties?: Record<string, unknown> }> } } };
    };
    expect(Object.keys(document.components.schemas.Problem.properties.cookie_diagnostic?.properties ?? {})).toEqual([
      'likely_cause',
      'explanation',
      'fix',
      'message',
    ]);
  });
});
