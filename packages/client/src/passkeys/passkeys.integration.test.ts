// Passkeys against a real Tessera server: the browser's navigator.credentials is the fake at the API boundary
// (test/fake-credentials.ts), backed by the server's software authenticator (real P-256 keys, real clientDataJSON and
// attestation), so everything the SDK converts and sends is checked by @simplewebauthn/server for real.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSoftAuthenticator, type SoftAuthenticator } from '../../../server/src/test/soft-authenticator.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../../server/src/test/test-server.js';
import { listPasskeys, deletePasskey, renamePasskey } from '../account/second-factors.js';
import { createAuthClient, type AuthClient } from '../auth-client.js';
import { decodeJwtPayload } from '../jwt.js';
import { isMfaChallenge } from '../mfa-challenge.js';
import { createCookieJar } from '../test/cookie-jar.js';
import { installFakeCredentials } from '../test/fake-credentials.js';
import { createFakeLocks } from '../test/fake-locks.js';
import { reauthenticateWithPasskey, registerPasskey, signInWithPasskey, verifyMfaWithPasskey } from './passkey-sign-in.js';

const PASSWORD = 'correct horse battery staple';

let server: TestServer;
let serial = 0;
const clients: AuthClient[] = [];
let authenticator: SoftAuthenticator;

beforeAll(async () => {
  server = await createTestServer('sqlite', { appUrl: TEST_ORIGIN, webauthnRpName: 'Tessera client tests' });
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  vi.unstubAllGlobals();
  for (const client of clients.splice(0)) client.destroy();
});

/** A fresh browser profile (cookie jar, tabs) on a device with its own authenticator. */
function browser(): AuthClient {
  const jar = createCookieJar(TEST_ORIGIN);
  const client = createAuthClient({
    baseUrl: server.url,
    fetch: jar.fetch,
    now: server.clock.now,
    locks: createFakeLocks(),
    channel: `passkeys-integration-${++serial}`,
    autoStart: false,
  });
  clients.push(client);
  return client;
}

/** A registered user, signed in, with a passkey on `authenticator`. */
async function withPasskey(): Promise<{ email: string; client: AuthClient; passkeyId: string }> {
  authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN });
  installFakeCredentials(() => authenticator);
  const email = `passkey-client-${++serial}-${Date.now()}@example.com`;
  const client = browser();
  await client.register({ email, password: PASSWORD });
  const passkey = await registerPasskey(client, { name: 'Laptop' });
  expect(passkey).toMatchObject({ id: expect.any(String), name: 'Laptop', created_at: expect.any(String) });
  return { email, client, passkeyId: passkey.id };
}

describe('passkeys', () => {
  it('enrols one, lists and renames it, and signs in with it on a new browser with no email typed', async () => {
    const { email, client, passkeyId } = await withPasskey();
    expect(await listPasskeys(client)).toEqual([expect.objectContaining({ id: passkeyId, name: 'Laptop' })]);
    await expect(renamePasskey(client, passkeyId, 'Work laptop')).resolves.toMatchObject({ id: passkeyId, name: 'Work laptop' });

    const other = browser();
    await other.start();
    await expect(signInWithPasskey(other)).resolves.toMatchObject({ email });
    expect(other.getState().status).toBe('authenticated');
    expect(decodeJwtPayload((await other.getToken())!).amr).toEqual(expect.arrayContaining(['hwk']));
  });

  it('answers the MFA step of a password sign-in', async () => {
    const { email } = await withPasskey();
    const client = browser();
    const challenge = await client.login({ email, password: PASSWORD });
    if (!isMfaChallenge(challenge)) throw new Error('expected the MFA step');
    expect(challenge.methods).toContain('webauthn');
    expect(challenge.webauthnOptions?.challenge).toEqual(expect.any(String));
    await expect(verifyMfaWithPasskey(client, challenge)).resolves.toMatchObject({ email });
    expect(client.getState().status).toBe('authenticated');
  });

  it('reauthenticates with the passkey, after which it can be removed; then it signs in nowhere', async () => {
    const { client, passkeyId } = await withPasskey();
    server.clock.advance(3_600_000);
    await expect(deletePasskey(client, passkeyId)).rejects.toMatchObject({ code: 'reauthentication_required' });
    const before = Number(decodeJwtPayload((await client.getToken())!).auth_time);
    await reauthenticateWithPasskey(client);
    expect(Number(decodeJwtPayload((await client.getToken())!).auth_time)).toBeGreaterThan(before);
    await expect(deletePasskey(client, passkeyId)).resolves.toBeUndefined();
    expect(await listPasskeys(client)).toEqual([]);
    await expect(signInWithPasskey(browser())).rejects.toMatchObject({ code: 'invalid_code' });
  });

  it('a passkey of a cloned authenticator whose counter went back is refused', async () => {
    const { email } = await withPasskey();
    const clone = authenticator.clone();
    await expect(signInWithPasskey(browser())).resolves.toMatchObject({ email });
    await expect(signInWithPasskey(browser())).resolves.toMatchObject({ email });
    authenticator = clone; // counter one behind the server's
    await expect(signInWithPasskey(browser())).rejects.toMatchObject({ code: 'invalid_code' });
  });
});
