// The passkey as a second factor (mfa/second-factor.ts), called the way the MFA step and reauthentication call it:
// the user's own passkeys only, a challenge issued for that user (or a login challenge), each answered once.
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { ClientInfo } from '../http/client-info.js';
import { dialects } from '../test/databases.js';
import { bearer, registerWithBody } from '../test/flows.js';
import { createSoftAuthenticator, type SoftAuthenticator } from '../test/soft-authenticator.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../test/test-server.js';
import { passkeyFactor } from './passkey-factor.js';

const client: ClientInfo = { userAgent: 'vitest', ip: '127.0.0.1' };
const subOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

describe.each(dialects)('passkeyFactor on %s', (dialect) => {
  let server: TestServer;
  let core: Core;
  beforeAll(async () => {
    server = await createTestServer(dialect, { appUrl: TEST_ORIGIN });
    core = await server.tessera.ready();
  });
  afterAll(() => server?.close());

  const enrolledUser = async (): Promise<{ userId: string; authenticator: SoftAuthenticator }> => {
    const user = await registerWithBody(server);
    const authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN });
    const options = await (
      await server.request('/auth/passkeys/register/options', { method: 'POST', headers: bearer(user.accessToken) })
    ).json();
    const response = authenticator.create(options as Parameters<SoftAuthenticator['create']>[0]);
    const res = await server.request('/auth/passkeys/register/verify', {
      method: 'POST',
      headers: bearer(user.accessToken),
      json: { response },
    });
    expect(res.status).toBe(201);
    return { userId: subOf(user.accessToken), authenticator };
  };

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TesseraError);
    expect(error).toMatchObject({ code: 'invalid_code', status: 401 });
  };

  it('is enrolled once the user has a passkey', async () => {
    const user = await registerWithBody(server);
    expect(await passkeyFactor.enrolled(core, subOf(user.accessToken))).toBe(false);
    const { userId } = await enrolledUser();
    expect(await passkeyFactor.enrolled(core, userId)).toBe(true);
    expect(passkeyFactor.method).toBe('webauthn');
  });

  it("offers the user's own passkeys and accepts an assertion of one, once", async () => {
    const { userId, authenticator } = await enrolledUser();
    const options = (await passkeyFactor.options!(core, userId)) as PublicKeyCredentialRequestOptionsJSON;
    expect(options.allowCredentials?.map((c) => c.id)).toEqual(authenticator.credentialIds());
    expect(options.userVerification).toBe('preferred');
    const response = authenticator.get(options);
    const amr = await passkeyFactor.verify(core, userId, { method: 'webauthn', response }, { purpose: 'mfa', client });
    expect(amr.sort()).toEqual(['hwk', 'mfa', 'user']);
    await refusal(passkeyFactor.verify(core, userId, { method: 'webauthn', response }, { purpose: 'mfa', client }));
  });

  it("refuses another user's passkey, even answering a challenge issued to the victim", async () => {
    const victim = await enrolledUser();
    const attacker = await enrolledUser();
    const options = (await passkeyFactor.options!(core, victim.userId)) as PublicKeyCredentialRequestOptionsJSON;
    const response = attacker.authenticator.get(options, { credentialId: attacker.authenticator.credentialIds()[0]! });
    await refusal(passkeyFactor.verify(core, victim.userId, { method: 'webauthn', response }, { purpose: 'mfa', client }));
    // Nor does a challenge issued to the attacker serve for the victim.
    const own = (await passkeyFactor.options!(core, attacker.userId)) as PublicKeyCredentialRequestOptionsJSON;
    const replayed = victim.authenticator.get(own, { credentialId: victim.authenticator.credentialIds()[0]! });
    await refusal(passkeyFactor.verify(core, victim.userId, { method: 'webauthn', response: replayed }, { purpose: 'mfa', client }));
  });

  it('accepts a challenge from POST /auth/passkeys/login/options for reauthentication', async () => {
    const { userId, authenticator } = await enrolledUser();
    const options = (await (
      await server.request('/auth/passkeys/login/options', { method: 'POST' })
    ).json()) as PublicKeyCredentialRequestOptionsJSON;
    const response = authenticator.get(options, { userVerification: false });
    expect(await passkeyFactor.verify(core, userId, { method: 'webauthn', response }, { purpose: 'reauth', client })).toEqual(['hwk']);
  });

  it('refuses a proof that is not a WebAuthn assertion without a server error', async () => {
    const { userId } = await enrolledUser();
    await refusal(passkeyFactor.verify(core, userId, { method: 'webauthn', response: { id: 'x' } }, { purpose: 'mfa', client }));
    await refusal(passkeyFactor.verify(core, userId, { method: 'totp', code: '123456' }, { purpose: 'mfa', client }));
  });
});
