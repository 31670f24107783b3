// GET /auth/mfa on every dialect: the state the account page shows, from nothing to TOTP, recovery codes and a
// passkey, and open to a user MFA_REQUIRED holds before enrolment.
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, registerWithBody, type TokenBody } from '../test/flows.js';
import { enrolTotp, loginToMfaStep } from '../test/mfa-flows.js';
import { createSoftAuthenticator } from '../test/soft-authenticator.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

describe.each(dialects)('GET /auth/mfa on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, { appUrl: TEST_ORIGIN, reauthMaxAge: '10m', mfaRequired: 'required' });
  });
  afterAll(() => server?.close());

  const status = async (token: string) => {
    const res = await server.request('/auth/mfa', { headers: bearer(token) });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };

  it('follows the factors: none, TOTP with its codes, a used code, a passkey, TOTP removed', async () => {
    const user = await registerWithBody(server);
    // MFA_REQUIRED holds this user, but their state is readable: it is what they must complete.
    expect((user.body as { mfa_enrollment_required?: boolean }).mfa_enrollment_required).toBe(true);
    expect(await status(user.accessToken)).toEqual({ totp: false, recovery_codes_remaining: 0, passkeys: 0, methods: [] });

    // A setup not yet confirmed is not TOTP on.
    await server.request('/auth/mfa/totp/setup', { method: 'POST', headers: bearer(user.accessToken) });
    expect(await status(user.accessToken)).toMatchObject({ totp: false, methods: [] });

    // enrolTotp's setup replaces the unconfirmed one above.
    const { recoveryCodes } = await enrolTotp(server, user.accessToken);
    expect(await status(user.accessToken)).toEqual({
      totp: true,
      recovery_codes_remaining: 10,
      passkeys: 0,
      methods: ['totp', 'recovery_code'],
    });

    const step = await loginToMfaStep(server, user.email);
    const res = await server.request('/auth/mfa/verify', {
      method: 'POST',
      headers: { 'X-Token-Transport': 'body' },
      json: { mfa_token: step.mfa_token, method: 'recovery_code', code: recoveryCodes[0] },
    });
    expect(res.status).toBe(200);
    const token = ((await res.json()) as TokenBody).access_token;
    expect(await status(token)).toMatchObject({ recovery_codes_remaining: 9 });

    const authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN });
    const options = (await (
      await server.request('/auth/passkeys/register/options', { method: 'POST', headers: bearer(token) })
    ).json()) as PublicKeyCredentialCreationOptionsJSON;
    const registered = await server.request('/auth/passkeys/register/verify', {
      method: 'POST',
      headers: bearer(token),
      json: { response: authenticator.create(options) },
    });
    expect(registered.status).toBe(201);
    expect(await status(token)).toEqual({
      totp: true,
      recovery_codes_remaining: 9,
      passkeys: 1,
      methods: ['totp', 'webauthn', 'recovery_code'],
    });

    expect((await server.request('/auth/mfa/totp', { method: 'DELETE', headers: bearer(token) })).status).toBe(204);
    expect(await status(token)).toMatchObject({ totp: false, passkeys: 1, methods: ['webauthn', 'recovery_code'] });
  });

  it('is per user and needs a token', async () => {
    const enrolled = await registerWithBody(server);
    await enrolTotp(server, enrolled.accessToken);
    const other = await registerWithBody(server);
    expect(await status(other.accessToken)).toMatchObject({ totp: false, recovery_codes_remaining: 0 });
    await expectProblem(await server.request('/auth/mfa'), 401, 'invalid_token');
  });
});
