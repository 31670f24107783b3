// The MFA step and passkey-less second factors through the real next-auth v4 handler, in front of a real Tessera: the
// credentials sign-in answers `mfa_required:…` (no session), the page reads the challenge and finishes it with the
// tessera-mfa provider, with a TOTP code computed from the secret the server showed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBody } from '../../../server/src/test/flows.js';
import { enrolTotp, nextStep, totpCode } from '../../../server/src/test/mfa-flows.js';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { createCookieJar, type CookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import { mfaChallengeOf } from './mfa-required-error.js';
import { createTesseraAuth } from './tessera-auth.js';

const SECRET = 'next-auth-mfa-integration-secret-0123456789';
process.env.NEXTAUTH_SECRET = SECRET;
const PASSWORD = 'correct horse battery';

let server: TestServer;
let app: NextAuthApp;

beforeAll(async () => {
  server = await createTestServer('sqlite');
  app = await startNextAuthApp({ providers: [] });
  app.options = createTesseraAuth({ baseUrl: server.url, now: server.clock.now }).authOptions();
});
afterAll(async () => {
  await Promise.all([server?.close(), app?.close()]);
});

async function enrolled(): Promise<{ email: string; secret: string; recoveryCodes: string[] }> {
  const { email, accessToken } = await registerWithBody(server);
  const { secret, recoveryCodes } = await enrolTotp(server, accessToken);
  return { email, secret, recoveryCodes };
}

const code = (secret: string) => {
  nextStep(server);
  return totpCode(secret, server.clock.now());
};

const errorOf = (url: string) => new URL(url).searchParams.get('error');
const sessionOf = async (jar: CookieJar) => (await (await jar.fetch(`${app.url}/api/auth/session`)).json()) as Record<string, unknown>;

describe('next-auth sign-in with a second factor', () => {
  it('answers mfa_required with the challenge and no session; tessera-mfa with the TOTP code signs in', async () => {
    const { email, secret } = await enrolled();
    const jar = createCookieJar(app.url);
    const first = await signInWithCredentials(app, jar, { email, password: PASSWORD });
    expect(first.status).toBe(401);
    const challenge = mfaChallengeOf(errorOf(first.url));
    expect(challenge).toMatchObject({ mfaRequired: true, mfaToken: expect.any(String), methods: ['totp', 'recovery_code'] });
    expect(await sessionOf(jar)).toEqual({});

    const wrong = await signInWithCredentials(app, jar, { mfa_token: challenge!.mfaToken, method: 'totp', code: '12345x' }, 'tessera-mfa');
    expect(errorOf(wrong.url)).toBe('invalid_code');
    expect(await sessionOf(jar)).toEqual({});

    const second = await signInWithCredentials(
      app,
      jar,
      { mfa_token: challenge!.mfaToken, method: 'totp', code: code(secret) },
      'tessera-mfa',
    );
    expect(second.url).toBe(`${app.url}/dashboard`);
    expect(await sessionOf(jar)).toMatchObject({ user: { email }, accessToken: expect.any(String) });
  });

  it('takes a recovery code once; a dead mfa_token is invalid_token', async () => {
    const { email, recoveryCodes } = await enrolled();
    const jar = createCookieJar(app.url);
    const challenge = mfaChallengeOf(errorOf((await signInWithCredentials(app, jar, { email, password: PASSWORD })).url))!;
    const proof = { mfa_token: challenge.mfaToken, method: 'recovery_code', code: recoveryCodes[0]! };
    expect((await signInWithCredentials(app, jar, proof, 'tessera-mfa')).url).toBe(`${app.url}/dashboard`);
    // The challenge is spent: signing in consumed it.
    expect(errorOf((await signInWithCredentials(app, createCookieJar(app.url), proof, 'tessera-mfa')).url)).toBe('invalid_token');

    const again = mfaChallengeOf(errorOf((await signInWithCredentials(app, createCookieJar(app.url), { email, password: PASSWORD })).url))!;
    const reused = await signInWithCredentials(app, createCookieJar(app.url), { ...proof, mfa_token: again.mfaToken }, 'tessera-mfa');
    expect(errorOf(reused.url)).toBe('invalid_code');
  });

  it('an incomplete MFA form is CredentialsSignin', async () => {
    const result = await signInWithCredentials(app, createCookieJar(app.url), { mfa_token: 'x', method: 'totp' }, 'tessera-mfa');
    expect(errorOf(result.url)).toBe('CredentialsSignin');
  });
});
