// A passkey as the second factor of a password sign-in and as the proof of a reauthentication, over HTTP: the MFA step
// lists it with its request options, the assertion answers them once, and the tokens say how the user proved it.
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, registerWithBody, type TokenBody } from '../test/flows.js';
import { claimsOf, loginToMfaStep, verifyMfa } from '../test/mfa-flows.js';
import { createSoftAuthenticator } from '../test/soft-authenticator.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

describe.each(dialects)('a passkey as second factor on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, { appUrl: TEST_ORIGIN, reauthMaxAge: '10m' });
  });
  afterAll(() => server?.close());

  const withPasskey = async () => {
    const user = await registerWithBody(server);
    const authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN });
    const options = (await (
      await server.request('/auth/passkeys/register/options', { method: 'POST', headers: bearer(user.accessToken) })
    ).json()) as PublicKeyCredentialCreationOptionsJSON;
    const res = await server.request('/auth/passkeys/register/verify', {
      method: 'POST',
      headers: bearer(user.accessToken),
      json: { response: authenticator.create(options) },
    });
    expect(res.status).toBe(201);
    return { user, authenticator };
  };

  it('asks for it after the password and accepts its assertion once', async () => {
    const { user, authenticator } = await withPasskey();
    const challenge = (await loginToMfaStep(server, user.email)) as { mfa_token: string; methods: string[]; webauthn_options?: unknown };
    expect(challenge.methods).toContain('webauthn');
    const options = challenge.webauthn_options as PublicKeyCredentialRequestOptionsJSON;
    expect(options.allowCredentials?.length).toBe(1);
    const response = authenticator.get(options);

    const res = await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'webauthn', response }, { 'X-Token-Transport': 'body' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    expect(claimsOf(body.access_token).amr).toEqual(expect.arrayContaining(['pwd', 'mfa']));
    expect(claimsOf(body.access_token).amr?.some((value) => value === 'hwk' || value === 'swk')).toBe(true);

    // The same assertion again, on a new MFA step: its challenge was spent.
    const again = await loginToMfaStep(server, user.email);
    await expectProblem(await verifyMfa(server, { mfa_token: again.mfa_token, method: 'webauthn', response }), 401, 'invalid_code');
  });

  it("refuses another user's passkey as the second factor", async () => {
    const victim = await withPasskey();
    const attacker = await withPasskey();
    const challenge = (await loginToMfaStep(server, victim.user.email)) as { mfa_token: string; webauthn_options?: unknown };
    const loginOptions = (await (
      await server.request('/auth/passkeys/login/options', { method: 'POST' })
    ).json()) as PublicKeyCredentialRequestOptionsJSON;
    const response = attacker.authenticator.get(loginOptions);
    await expectProblem(await verifyMfa(server, { mfa_token: challenge.mfa_token, method: 'webauthn', response }), 401, 'invalid_code');
  });

  it('reauthenticates with the passkey: a fresh auth_time', async () => {
    const { user, authenticator } = await withPasskey();
    server.clock.advance(11 * 60_000);
    const options = (await (
      await server.request('/auth/passkeys/login/options', { method: 'POST' })
    ).json()) as PublicKeyCredentialRequestOptionsJSON;
    const res = await server.request('/auth/reauthenticate', {
      method: 'POST',
      headers: { ...bearer(user.accessToken), 'X-Token-Transport': 'body' },
      json: { webauthn: authenticator.get(options) },
    });
    expect(res.status).toBe(200);
    const claims = claimsOf(((await res.json()) as TokenBody).access_token);
    expect(claims.auth_time).toBe(Math.floor(server.clock.now() / 1000));
  });
});
