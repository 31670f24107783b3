// POST /auth/reauthenticate with a second factor: a TOTP code renews auth_time and makes the session's amr `otp`;
// wrong and replayed codes are refused; WebAuthn waits for the passkey factor (400 until a server has it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, refreshWithBody, registerWithBody, type TokenBody } from '../test/flows.js';
import { claimsOf, enrolTotp, nextStep, totpCode } from '../test/mfa-flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe.each(dialects)('reauthentication with a second factor on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, { reauthMaxAge: '10m' });
  });
  afterAll(() => server?.close());

  const reauthenticate = (token: string, json: unknown) =>
    server.request('/auth/reauthenticate', { method: 'POST', headers: { ...bearer(token), 'X-Token-Transport': 'body' }, json });

  it('accepts a TOTP code once; the session amr becomes otp and auth_time now', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    server.clock.advance(11 * 60_000);
    nextStep(server);
    const code = totpCode(secret, server.clock.now());
    const res = await reauthenticate(user.accessToken, { totp: code });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as TokenBody;
    const claims = claimsOf(body.access_token);
    expect(claims.amr).toEqual(['otp']);
    expect(claims.auth_time).toBe(Math.floor(server.clock.now() / 1000));
    const refreshed = (await (await refreshWithBody(server, body.refresh_token!)).json()) as TokenBody;
    expect(claimsOf(refreshed.access_token).amr).toEqual(['otp']);
    await expectProblem(await reauthenticate(user.accessToken, { totp: code }), 401, 'invalid_code');
    await expectProblem(await reauthenticate(user.accessToken, { totp: '12' }), 401, 'invalid_code');
  });

  it('refuses a TOTP code from a user without TOTP, and a WebAuthn proof from a user without a passkey', async () => {
    const user = await registerWithBody(server);
    await expectProblem(await reauthenticate(user.accessToken, { totp: '123456' }), 401, 'invalid_code');
    await expectProblem(await reauthenticate(user.accessToken, { webauthn: { id: 'x', response: {} } }), 401, 'invalid_code');
    await expectProblem(await reauthenticate(user.accessToken, { password: 'x', totp: '123456' }), 400, 'validation_failed');
    await expectProblem(await reauthenticate(user.accessToken, {}), 400, 'validation_failed');
  });
});
