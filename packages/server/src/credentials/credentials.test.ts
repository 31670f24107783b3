import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, registerWithBody, registerWithCookie, uniqueEmail, type TokenBody } from '../test/flows.js';
import { createTestServer, refreshCookieOf, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

/** A token response, as the OpenAPI document declares it. */

describe.each(dialects)('register and login on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, { userFields: { company: { type: 'string' }, newsletter: { type: 'boolean' } } });
  });
  afterAll(() => server?.close());

  it('registers, signs the user in and answers the RFC 6749 token shape', async () => {
    const email = uniqueEmail();
    const res = await server.request('/auth/register', {
      method: 'POST',
      json: { email: email.toUpperCase(), password: PASSWORD, name: 'Ada', company: 'Acme' },
      headers: { Origin: TEST_ORIGIN },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as TokenBody;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(body.expires_at).toBe(server.clock.now() - (server.clock.now() % 1000) + 900_000);
    expect(body.user).toEqual({
      id: expect.any(String),
      email,
      name: 'Ada',
      email_verified: false,
      created_at: expect.any(String),
      company: 'Acme',
      newsletter: null,
    });
    expect(body.refresh_token).toBeUndefined();
    expect(body.refresh_expires_at).toBeUndefined();
    expect(refreshCookieOf(res)).toMatch(/^[A-Za-z0-9_-]{70}$/);
  });

  it('gives server-side clients the refresh token in the body and sets no cookie', async () => {
    const res = await server.request('/auth/register', {
      method: 'POST',
      json: { email: uniqueEmail(), password: PASSWORD },
      headers: { 'X-Token-Transport': 'body' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = (await res.json()) as TokenBody;
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{70}$/);
    expect(body.refresh_expires_at).toBe(server.clock.now() + 30 * 86_400_000);
  });

  it('refuses a taken email, whatever its case', async () => {
    const { email } = await registerWithBody(server);
    await expectProblem(
      await server.request('/auth/register', { method: 'POST', json: { email: email.toUpperCase(), password: PASSWORD } }),
      409,
      'email_taken',
    );
  });

  it('validates the body with field-level errors', async () => {
    const body = await expectProblem(
      await server.request('/auth/register', { method: 'POST', json: { email: 'not-an-email', password: 'short' } }),
      400,
      'validation_failed',
    );
    expect((body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['email', 'password']);
    // Each reason in words a visitor understands, next to its field (issue 13): not zod's "Too big: expected string…".
    const named = await expectProblem(
      await server.request('/auth/register', { method: 'POST', json: { email: 'a@b', password: 'short', name: 'x'.repeat(220) } }),
      400,
      'validation_failed',
    );
    expect(named.errors).toEqual([
      { path: 'email', message: 'Not a valid email address' },
      { path: 'password', message: 'Must be at least 8 characters' },
      { path: 'name', message: 'Must be at most 150 characters' },
    ]);
    const missing = await expectProblem(await server.request('/auth/register', { method: 'POST', json: {} }), 400, 'validation_failed');
    expect(missing.errors).toEqual([
      { path: 'email', message: 'Required' },
      { path: 'password', message: 'Required' },
    ]);
    await expectProblem(
      await server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: PASSWORD, is_superuser: true } }),
      400,
      'validation_failed',
    );
    await expectProblem(
      await server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: PASSWORD, company: 42 } }),
      400,
      'validation_failed',
    );
    await expectProblem(
      await server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: 'x'.repeat(257) } }),
      400,
      'validation_failed',
    );
  });

  it('answers bad input with 4xx problems, never 5xx', async () => {
    const post = (body: string, type = 'application/json') =>
      server.request('/auth/login', { method: 'POST', body, headers: { 'content-type': type } });
    // A refusal of no single field still carries `errors`, with the empty path: the request as a whole.
    expect((await expectProblem(await post('{"email":'), 400, 'validation_failed')).errors).toEqual([
      { path: '', message: 'Body is not valid JSON' },
    ]);
    await expectProblem(await post('[]'), 400, 'validation_failed');
    await expectProblem(await post('null'), 400, 'validation_failed');
    await expectProblem(await post('"text"'), 400, 'validation_failed');
    await expectProblem(await post('{"email":["a"],"password":{}}'), 400, 'validation_failed');
    await expectProblem(await post('email=a&password=b', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    await expectProblem(await post(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(100_000) })), 413, 'payload_too_large');
    await expectProblem(await server.request('/auth/nope'), 404, 'not_found');
    await expectProblem(await server.request('/auth/login'), 404, 'not_found');
  });

  it('logs in with the right password only, with the same error for unknown emails', async () => {
    const { email } = await registerWithBody(server);
    const ok = await server.request('/auth/login', {
      method: 'POST',
      json: { email, password: PASSWORD },
      headers: { 'X-Token-Transport': 'body' },
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as TokenBody;
    expect(body.user.email).toBe(email);
    const wrong = await expectProblem(
      await server.request('/auth/login', { method: 'POST', json: { email, password: 'wrong password' } }),
      401,
      'invalid_credentials',
    );
    const unknown = await expectProblem(
      await server.request('/auth/login', { method: 'POST', json: { email: uniqueEmail(), password: 'wrong password' } }),
      401,
      'invalid_credentials',
    );
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('signs in a registered user with the cookie transport by default', async () => {
    const { email } = await registerWithCookie(server);
    const res = await server.request('/auth/login', { method: 'POST', json: { email, password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(refreshCookieOf(res)).toBeDefined();
  });

  it('stops password guessing per account with 429 and Retry-After, and lets the owner in after the window', async () => {
    const { email } = await registerWithBody(server);
    for (let i = 0; i < 10; i++) {
      await expectProblem(
        await server.request('/auth/login', { method: 'POST', json: { email, password: `guess ${i}` } }),
        401,
        'invalid_credentials',
      );
    }
    const blocked = await server.request('/auth/login', { method: 'POST', json: { email, password: PASSWORD } });
    await expectProblem(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    server.clock.advance(15 * 60_000 + 1);
    expect((await server.request('/auth/login', { method: 'POST', json: { email, password: PASSWORD } })).status).toBe(200);
  });

  it('does not lock out a user who mistypes twice', async () => {
    const { email } = await registerWithBody(server);
    for (let i = 0; i < 2; i++) await server.request('/auth/login', { method: 'POST', json: { email, password: 'typo' } });
    expect((await server.request('/auth/login', { method: 'POST', json: { email, password: PASSWORD } })).status).toBe(200);
  });

  it('answers /me with the user, and updates name and custom fields', async () => {
    const { accessToken, email } = await registerWithBody(server);
    const me = await server.request('/auth/me', { headers: bearer(accessToken) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email, name: 'Ada', company: null });
    const patched = await server.request('/auth/me', {
      method: 'PATCH',
      json: { name: 'Ada L.', company: 'Analytical', newsletter: true },
      headers: bearer(accessToken),
    });
    expect(await patched.json()).toMatchObject({ email, name: 'Ada L.', company: 'Analytical', newsletter: true });
    await expectProblem(
      await server.request('/auth/me', { method: 'PATCH', json: { email: 'x@y.z' }, headers: bearer(accessToken) }),
      400,
      'validation_failed',
    );
  });

  it('serves the health check and the JWKS', async () => {
    expect(await (await server.request('/healthz')).json()).toEqual({ status: 'ok' });
    const jwks = (await (await server.request('/.well-known/jwks.json')).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]!.d).toBeUndefined();
  });
});
