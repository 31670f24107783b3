// The MFA step and the second-factor calls against a real Tessera server: TOTP codes computed as an authenticator
// app does from the secret the server showed, in "tabs" sharing one browser's cookie jar, locks and channel.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextStep, totpCode } from '../../server/src/test/mfa-flows.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../server/src/test/test-server.js';
import { reauthenticate } from './account/account.js';
import { confirmTotp, disableTotp, getMfaStatus, regenerateRecoveryCodes, setupTotp } from './account/second-factors.js';
import { createAuthClient, type AuthClient } from './auth-client.js';
import { decodeJwtPayload } from './jwt.js';
import { isMfaChallenge, type MfaChallenge } from './mfa-challenge.js';
import { createCookieJar } from './test/cookie-jar.js';
import { createFakeLocks } from './test/fake-locks.js';

const PASSWORD = 'correct horse battery staple';

let server: TestServer;
let serial = 0;
const clients: AuthClient[] = [];

beforeAll(async () => {
  server = await createTestServer('sqlite');
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** One browser: `tab()` opens a tab in it. */
function browser(): () => AuthClient {
  const jar = createCookieJar(TEST_ORIGIN);
  const locks = createFakeLocks();
  const channel = `mfa-integration-${++serial}`;
  return () => {
    const client = createAuthClient({ baseUrl: server.url, fetch: jar.fetch, now: server.clock.now, locks, channel, autoStart: false });
    clients.push(client);
    return client;
  };
}

const code = (secret: string) => {
  nextStep(server);
  return totpCode(secret, server.clock.now());
};

/** A registered user with TOTP on, signed out; its secret and recovery codes. */
async function enrolled(): Promise<{ email: string; secret: string; recoveryCodes: string[] }> {
  const email = `mfa-client-${++serial}-${Date.now()}@example.com`;
  const client = browser()();
  await client.register({ email, password: PASSWORD });
  await expect(getMfaStatus(client)).resolves.toEqual({ totp: false, recovery_codes_remaining: 0, passkeys: 0, methods: [] });
  const { secret, otpauth_uri } = await setupTotp(client);
  expect(otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
  const recoveryCodes = await confirmTotp(client, code(secret));
  expect(recoveryCodes).toHaveLength(10);
  await expect(getMfaStatus(client)).resolves.toMatchObject({
    totp: true,
    recovery_codes_remaining: 10,
    methods: ['totp', 'recovery_code'],
  });
  await client.logout();
  return { email, secret, recoveryCodes };
}

async function challenged(client: AuthClient, email: string): Promise<MfaChallenge> {
  const result = await client.login({ email, password: PASSWORD });
  if (!isMfaChallenge(result)) throw new Error(`expected the MFA step, got ${JSON.stringify(result)}`);
  return result;
}

describe('login with a second factor', () => {
  it('answers a challenge and no session in any tab; verifyMfa signs in everywhere, a wrong code first changes nothing', async () => {
    const { email, secret } = await enrolled();
    const tab = browser();
    const [a, b] = [tab(), tab()];
    await Promise.all([a.start(), b.start()]);
    const challenge = await challenged(a, email);
    expect(challenge).toMatchObject({ mfaRequired: true, mfaToken: expect.any(String), methods: ['totp', 'recovery_code'] });
    expect(a.getState()).toMatchObject({ status: 'unauthenticated', mfaChallenge: challenge });
    expect(await a.getToken()).toBeNull();

    const wrong = code(secret) === '000000' ? '111111' : '000000';
    await expect(a.verifyMfa({ mfaToken: challenge.mfaToken, method: 'totp', code: wrong })).rejects.toMatchObject({
      code: 'invalid_code',
      status: 401,
    });
    expect(a.getState().status).toBe('unauthenticated');

    await expect(a.verifyMfa({ mfaToken: challenge.mfaToken, method: 'totp', code: code(secret) })).resolves.toMatchObject({ email });
    expect(a.getState()).toMatchObject({ status: 'authenticated', mfaChallenge: null });
    expect(decodeJwtPayload((await a.getToken())!).amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    for (let i = 0; i < 100 && b.getState().status !== 'authenticated'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(b.getState().status).toBe('authenticated');
    // The refresh cookie is set: a tab opened later restores the session.
    const c = tab();
    await c.start();
    expect(c.getState().status).toBe('authenticated');
  });

  it('takes a recovery code once', async () => {
    const { email, recoveryCodes } = await enrolled();
    const client = browser()();
    const first = await challenged(client, email);
    await expect(client.verifyMfa({ mfaToken: first.mfaToken, method: 'recovery_code', code: recoveryCodes[0]! })).resolves.toMatchObject({
      email,
    });
    await client.logout();
    const second = await challenged(client, email);
    await expect(client.verifyMfa({ mfaToken: second.mfaToken, method: 'recovery_code', code: recoveryCodes[0]! })).rejects.toMatchObject({
      code: 'invalid_code',
    });
  });

  it('an expired challenge is invalid_token: log in again', async () => {
    const { email, secret } = await enrolled();
    const client = browser()();
    const challenge = await challenged(client, email);
    server.clock.advance(5 * 60_000 + 1);
    await expect(client.verifyMfa({ mfaToken: challenge.mfaToken, method: 'totp', code: code(secret) })).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });
});

describe('the account’s second factors', () => {
  it('regenerates recovery codes (the old ones die), reauthenticates with a TOTP code, and turns TOTP off', async () => {
    const { email, secret, recoveryCodes } = await enrolled();
    const client = browser()();
    const challenge = await challenged(client, email);
    await client.verifyMfa({ mfaToken: challenge.mfaToken, method: 'totp', code: code(secret) });

    const fresh = await regenerateRecoveryCodes(client);
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[1]);

    server.clock.advance(3_600_000);
    await expect(disableTotp(client)).rejects.toMatchObject({ code: 'reauthentication_required' });
    const before = decodeJwtPayload((await client.getToken())!);
    await reauthenticate(client, { totp: code(secret) });
    const after = decodeJwtPayload((await client.getToken())!);
    expect(Number(after.auth_time)).toBeGreaterThan(Number(before.auth_time));
    await expect(disableTotp(client)).resolves.toBeUndefined();
    await expect(getMfaStatus(client)).resolves.toMatchObject({ totp: false, methods: [] });

    // No factor any more: the password alone signs in.
    const other = browser()();
    await expect(other.login({ email, password: PASSWORD })).resolves.toMatchObject({ email });
  });

  it('a wrong TOTP at reauthentication is invalid_code and keeps the session', async () => {
    const { email, secret } = await enrolled();
    const client = browser()();
    const challenge = await challenged(client, email);
    await client.verifyMfa({ mfaToken: challenge.mfaToken, method: 'totp', code: code(secret) });
    const token = await client.getToken();
    await expect(reauthenticate(client, { totp: '000000' === code(secret) ? '111111' : '000000' })).rejects.toMatchObject({
      code: 'invalid_code',
    });
    expect(await client.getToken()).toBe(token);
    expect(client.getState().status).toBe('authenticated');
  });
});
