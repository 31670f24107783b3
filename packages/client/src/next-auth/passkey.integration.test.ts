// Passkeys through the real next-auth v4 handler, in front of a real Tessera: sign-in with the tessera-passkey provider
// (options fetched server-side, no email typed) and the MFA step answered with a passkey through tessera-mfa. The
// server's software authenticator plays the browser's WebAuthn (real keys and signatures).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerWithBody } from '../../../server/src/test/flows.js';
import { createSoftAuthenticator, type SoftAuthenticator } from '../../../server/src/test/soft-authenticator.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../../server/src/test/test-server.js';
import type { PublicKeyCredentialCreationOptionsJSON } from '../passkeys/webauthn-json.js';
import { createCookieJar, type CookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import { mfaChallengeOf } from './mfa-required-error.js';
import { createTesseraAuth, type TesseraAuth } from './tessera-auth.js';
import type { TesseraUser } from '../adapters/tessera.js';

process.env.NEXTAUTH_SECRET = 'next-auth-passkey-integration-secret-0123456789';
const PASSWORD = 'correct horse battery';

let server: TestServer;
let app: NextAuthApp;
let tesseraAuth: TesseraAuth<TesseraUser>;

beforeAll(async () => {
  server = await createTestServer('sqlite', { appUrl: TEST_ORIGIN, webauthnRpName: 'Tessera next-auth tests' });
  app = await startNextAuthApp({ providers: [] });
  tesseraAuth = createTesseraAuth({ baseUrl: server.url, now: server.clock.now });
  app.options = tesseraAuth.authOptions();
});
afterAll(async () => {
  await Promise.all([server?.close(), app?.close()]);
});

/** A user with a passkey on a new software authenticator, enrolled over HTTP. */
async function withPasskey(): Promise<{ email: string; authenticator: SoftAuthenticator }> {
  const { email, accessToken } = await registerWithBody(server);
  const authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN });
  const options = await server.request('/auth/passkeys/register/options', { method: 'POST', headers: bearer(accessToken), json: {} });
  const response = authenticator.create((await options.json()) as PublicKeyCredentialCreationOptionsJSON);
  const verified = await server.request('/auth/passkeys/register/verify', {
    method: 'POST',
    headers: bearer(accessToken),
    json: { response },
  });
  expect(verified.status, await verified.clone().text()).toBe(201);
  return { email, authenticator };
}

const errorOf = (url: string) => new URL(url).searchParams.get('error');
const sessionOf = async (jar: CookieJar) => (await (await jar.fetch(`${app.url}/api/auth/session`)).json()) as Record<string, unknown>;

describe('next-auth with passkeys', () => {
  it('signs in with tessera-passkey, no email typed; a replayed assertion is refused', async () => {
    const { email, authenticator } = await withPasskey();
    const response = JSON.stringify(authenticator.get(await tesseraAuth.passkeySignInOptions()));
    const jar = createCookieJar(app.url);
    expect((await signInWithCredentials(app, jar, { response }, 'tessera-passkey')).url).toBe(`${app.url}/dashboard`);
    expect(await sessionOf(jar)).toMatchObject({ user: { email }, accessToken: expect.any(String) });
    const replay = await signInWithCredentials(app, createCookieJar(app.url), { response }, 'tessera-passkey');
    expect(errorOf(replay.url)).toBe('invalid_code');
  });

  it('answers the MFA step of a password sign-in with the passkey, through tessera-mfa', async () => {
    const { email, authenticator } = await withPasskey();
    const jar = createCookieJar(app.url);
    const challenge = mfaChallengeOf(errorOf((await signInWithCredentials(app, jar, { email, password: PASSWORD })).url));
    expect(challenge?.methods).toContain('webauthn');
    const response = JSON.stringify(authenticator.get(challenge!.webauthnOptions!));
    const result = await signInWithCredentials(app, jar, { mfa_token: challenge!.mfaToken, method: 'webauthn', response }, 'tessera-mfa');
    expect(result.url).toBe(`${app.url}/dashboard`);
    expect(await sessionOf(jar)).toMatchObject({ user: { email } });
  });

  it('a form without an assertion is CredentialsSignin', async () => {
    const result = await signInWithCredentials(app, createCookieJar(app.url), { response: 'not json' }, 'tessera-passkey');
    expect(errorOf(result.url)).toBe('CredentialsSignin');
  });
});
