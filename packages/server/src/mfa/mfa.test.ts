// TOTP and recovery codes over HTTP, and the MFA step of a password sign-in, on every dialect: codes computed from
// the secret the server showed, replays and reuse refused, the mfa_token's lifetime, attempts and client binding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, registerWithBody, type TokenBody } from '../test/flows.js';
import { claimsOf, enrolTotp, finishWithTotp, login, loginToMfaStep, nextStep, STEP_MS, totpCode, verifyMfa } from '../test/mfa-flows.js';
import { createTestServer, refreshCookieOf, type TestServer } from '../test/test-server.js';

describe.each(dialects)('MFA on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, { reauthMaxAge: '10m' });
  });
  afterAll(() => server?.close());

  const post = (path: string, token: string, json?: unknown) =>
    server.request(path, { method: 'POST', headers: bearer(token), ...(json !== undefined ? { json } : {}) });

  it('sets up TOTP inactive until a code confirms it, then shows 10 recovery codes once', async () => {
    const user = await registerWithBody(server);
    const setup = await post('/auth/mfa/totp/setup', user.accessToken);
    expect(setup.status).toBe(200);
    const first = (await setup.json()) as { secret: string; otpauth_uri: string };
    expect(new URL(first.otpauth_uri).searchParams.get('secret')).toBe(first.secret);
    expect(decodeURIComponent(first.otpauth_uri)).toContain(user.email);
    // Not confirmed: sign-in is unchanged.
    expect((await login(server, user.email)).status).toBe(200);
    expect(((await (await login(server, user.email)).json()) as TokenBody).access_token).toEqual(expect.any(String));
    // A second setup replaces the first: the first secret's codes no longer confirm.
    const second = (await (await post('/auth/mfa/totp/setup', user.accessToken)).json()) as { secret: string };
    expect(second.secret).not.toBe(first.secret);
    await expectProblem(
      await post('/auth/mfa/totp/confirm', user.accessToken, { code: totpCode(first.secret, server.clock.now()) }),
      401,
      'invalid_code',
    );
    const confirm = await post('/auth/mfa/totp/confirm', user.accessToken, { code: totpCode(second.secret, server.clock.now()) });
    expect(confirm.status).toBe(200);
    const { recovery_codes } = (await confirm.json()) as { recovery_codes: string[] };
    expect(recovery_codes).toHaveLength(10);
    expect(new Set(recovery_codes).size).toBe(10);
    // Stored hashed and sealed: neither a code nor the secret appears in the database.
    const { db } = await server.tessera.ready();
    const stored = JSON.stringify([
      await db.selectFrom('mfa_recovery_codes').selectAll().execute(),
      await db.selectFrom('mfa_totp').selectAll().execute(),
    ]);
    for (const code of recovery_codes) expect(stored).not.toContain(code.replace('-', ''));
    expect(stored).not.toContain(second.secret);
    // Confirmed: a new setup is refused rather than replacing it.
    await expectProblem(await post('/auth/mfa/totp/setup', user.accessToken), 409, 'mfa_already_enabled');
  });

  it('answers a password sign-in with the MFA step (no tokens, no cookie), then a session with both factors', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    const res = await server.request('/auth/login', { method: 'POST', json: { email: user.email, password: 'correct horse battery' } });
    expect(res.status).toBe(200);
    expect(refreshCookieOf(res)).toBeUndefined();
    const challenge = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(challenge).sort()).toEqual(['methods', 'mfa_required', 'mfa_token']);
    expect(challenge).toMatchObject({ mfa_required: true, methods: ['totp', 'recovery_code'] });

    const body = await finishWithTotp(server, challenge.mfa_token as string, secret);
    expect(body.refresh_token).toEqual(expect.any(String));
    const claims = claimsOf(body.access_token);
    expect([...claims.amr!].sort()).toEqual(['mfa', 'otp', 'pwd']);
    expect(claims.auth_time).toBe(Math.floor(server.clock.now() / 1000));
    // The session keeps its amr through a refresh.
    const refreshed = await server.request('/auth/refresh', { method: 'POST', json: { refresh_token: body.refresh_token } });
    expect([...claimsOf(((await refreshed.json()) as TokenBody).access_token).amr!].sort()).toEqual(['mfa', 'otp', 'pwd']);
    // The mfa_token is spent.
    await expectProblem(await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code: '000000' }), 401, 'invalid_token');
  });

  it('accepts each code once: a replay, even on a new sign-in, is refused', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    nextStep(server);
    const code = totpCode(secret, server.clock.now());
    const first = await loginToMfaStep(server, user.email);
    expect((await verifyMfa(server, { mfa_token: first.mfa_token, method: 'totp', code })).status).toBe(200);
    const second = await loginToMfaStep(server, user.email);
    await expectProblem(await verifyMfa(server, { mfa_token: second.mfa_token, method: 'totp', code }), 401, 'invalid_code');
    // Two sign-ins racing with the same new code: one of them only.
    const [a, b] = await Promise.all([loginToMfaStep(server, user.email), loginToMfaStep(server, user.email)]);
    nextStep(server);
    const fresh = totpCode(secret, server.clock.now());
    const both = await Promise.all([
      verifyMfa(server, { mfa_token: a.mfa_token, method: 'totp', code: fresh }),
      verifyMfa(server, { mfa_token: b.mfa_token, method: 'totp', code: fresh }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('accepts a code one step old or ahead, and refuses one two steps away', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    server.clock.advance(5 * STEP_MS);
    const now = server.clock.now();
    const challenge = await loginToMfaStep(server, user.email);
    const attempt = (at: number) => verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code: totpCode(secret, at) });
    await expectProblem(await attempt(now - 2 * STEP_MS), 401, 'invalid_code');
    await expectProblem(await attempt(now + 2 * STEP_MS), 401, 'invalid_code');
    expect((await attempt(now - STEP_MS)).status).toBe(200);
    const again = await loginToMfaStep(server, user.email);
    expect((await verifyMfa(server, { mfa_token: again.mfa_token, method: 'totp', code: totpCode(secret, now + STEP_MS) })).status).toBe(
      200,
    );
  });

  it('spends a recovery code once, even when two requests race with it', async () => {
    const user = await registerWithBody(server);
    const { recoveryCodes } = await enrolTotp(server, user.accessToken);
    const [a, b] = await Promise.all([loginToMfaStep(server, user.email), loginToMfaStep(server, user.email)]);
    const code = recoveryCodes[0]!;
    const results = await Promise.all([
      verifyMfa(server, { mfa_token: a.mfa_token, method: 'recovery_code', code }),
      verifyMfa(server, { mfa_token: b.mfa_token, method: 'recovery_code', code: code.toLowerCase() }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200)!;
    expect([...claimsOf(((await winner.json()) as TokenBody).access_token).amr!].sort()).toEqual(['mfa', 'otp', 'pwd']);
    const c = await loginToMfaStep(server, user.email);
    await expectProblem(await verifyMfa(server, { mfa_token: c.mfa_token, method: 'recovery_code', code }), 401, 'invalid_code');
    expect((await verifyMfa(server, { mfa_token: c.mfa_token, method: 'recovery_code', code: recoveryCodes[1]! })).status).toBe(200);
  });

  it('regenerating recovery codes kills the old ones', async () => {
    const user = await registerWithBody(server);
    const { recoveryCodes } = await enrolTotp(server, user.accessToken);
    const res = await post('/auth/mfa/recovery-codes', user.accessToken);
    expect(res.status).toBe(200);
    const fresh = ((await res.json()) as { recovery_codes: string[] }).recovery_codes;
    expect(fresh).toHaveLength(10);
    const challenge = await loginToMfaStep(server, user.email);
    await expectProblem(
      await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'recovery_code', code: recoveryCodes[0]! }),
      401,
      'invalid_code',
    );
    expect((await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'recovery_code', code: fresh[0]! })).status).toBe(200);
  });

  it('expires the mfa_token after 5 minutes', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    const challenge = await loginToMfaStep(server, user.email);
    server.clock.advance(5 * 60_000 + 1);
    const code = totpCode(secret, server.clock.now());
    await expectProblem(await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code }), 401, 'invalid_token');
  });

  it('allows 5 attempts per mfa_token: the sixth is refused even with the right code', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    const challenge = await loginToMfaStep(server, user.email);
    nextStep(server);
    const right = totpCode(secret, server.clock.now());
    const wrong = right === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      await expectProblem(await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code: wrong }), 401, 'invalid_code');
    }
    await expectProblem(await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code: right }), 401, 'invalid_token');
  });

  it('binds the mfa_token to the client of the sign-in: another user agent is refused', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    const challenge = await loginToMfaStep(server, user.email, { 'User-Agent': 'Browser A' });
    nextStep(server);
    const code = totpCode(secret, server.clock.now());
    await expectProblem(
      await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code }, { 'User-Agent': 'Browser B' }),
      401,
      'invalid_token',
    );
    expect((await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code }, { 'User-Agent': 'Browser A' })).status).toBe(
      200,
    );
  });

  it('refuses unknown tokens, an unknown method, and a WebAuthn proof from a user without a passkey', async () => {
    const user = await registerWithBody(server);
    await enrolTotp(server, user.accessToken);
    await expectProblem(await verifyMfa(server, { mfa_token: 'nope', method: 'totp', code: '123456' }), 401, 'invalid_token');
    const challenge = await loginToMfaStep(server, user.email);
    await expectProblem(
      await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'sms', code: '123456' }),
      400,
      'validation_failed',
    );
    await expectProblem(
      await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'webauthn', response: { id: 'x' } }),
      401,
      'invalid_code',
    );
  });

  it('removes TOTP and its recovery codes: sign-in is one step again', async () => {
    const user = await registerWithBody(server);
    await enrolTotp(server, user.accessToken);
    const res = await server.request('/auth/mfa/totp', { method: 'DELETE', headers: bearer(user.accessToken) });
    expect(res.status).toBe(204);
    const signedIn = (await (await login(server, user.email)).json()) as TokenBody;
    expect(signedIn.access_token).toEqual(expect.any(String));
    const { db } = await server.tessera.ready();
    expect(await db.selectFrom('mfa_recovery_codes').selectAll().where('user_id', '=', signedIn.user.id).execute()).toEqual([]);
    await expectProblem(await server.request('/auth/mfa/totp', { method: 'DELETE', headers: bearer(user.accessToken) }), 404, 'not_found');
    await expectProblem(await post('/auth/mfa/recovery-codes', user.accessToken), 404, 'not_found');
  });

  it('rate limits factor checks like logins', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    // LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP (10) wrong codes over two sign-ins: the right password in between does
    // not reset the codes' count, and then even the right code waits.
    for (let round = 0; round < 2; round++) {
      const challenge = await loginToMfaStep(server, user.email);
      for (let i = 0; i < 5; i++) {
        await expectProblem(
          await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'recovery_code', code: `WRONG-${i}` }),
          401,
          'invalid_code',
        );
      }
    }
    const challenge = await loginToMfaStep(server, user.email);
    nextStep(server);
    const code = totpCode(secret, server.clock.now());
    await expectProblem(await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'totp', code }), 429, 'rate_limited');
  });
});
