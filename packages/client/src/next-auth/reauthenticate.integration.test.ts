// "Confirm it's you" through next-auth, against a real Tessera: a session past REAUTH_MAX_AGE is refused a sensitive
// call; session.reauthenticate (a route handler's or server action's cookie store) proves it with the password or a
// TOTP code and rewrites the cookie, and the session the real next-auth handler then serves carries the fresh token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerWithBody } from '../../../server/src/test/flows.js';
import { enrolTotp, nextStep, totpCode } from '../../../server/src/test/mfa-flows.js';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { decodeJwtPayload } from '../jwt.js';
import { createCookieJar, type CookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import type { CookieStore } from './cookie-session.js';
import { mfaChallengeOf } from './mfa-required-error.js';
import { createTesseraAuth, type TesseraAuth } from './tessera-auth.js';
import type { TesseraUser } from '../adapters/tessera.js';

const SECRET = 'next-auth-reauth-integration-secret-0123456789';
process.env.NEXTAUTH_SECRET = SECRET;
const PASSWORD = 'correct horse battery';

let server: TestServer;
let app: NextAuthApp;
let auth: TesseraAuth<TesseraUser>;

beforeAll(async () => {
  server = await createTestServer('sqlite', { reauthMaxAge: '5m' });
  app = await startNextAuthApp({ providers: [] });
  auth = createTesseraAuth({ baseUrl: server.url, now: server.clock.now });
  app.options = auth.authOptions();
});
afterAll(async () => {
  await Promise.all([server?.close(), app?.close()]);
});

/** `cookies()` in the page's route handler or server action: the browser's jar, read and written. */
function storeOf(jar: CookieJar): CookieStore {
  const names = ['next-auth.session-token', ...Array.from({ length: 4 }, (_, i) => `next-auth.session-token.${i}`)];
  return {
    getAll: () => names.flatMap((name) => (jar.get(name) ? [{ name, value: jar.get(name)! }] : [])),
    set: (name, value) => jar.set(name, value),
  };
}

const session = async (jar: CookieJar) =>
  (await (await jar.fetch(`${app.url}/api/auth/session`)).json()) as { accessToken?: string; user?: { email: string } };
const authTime = (token: string) => Number(decodeJwtPayload(token).auth_time);
const setUpTotp = (token: string) => server.request('/auth/mfa/totp/setup', { method: 'POST', headers: bearer(token) });

async function signedIn(email: string): Promise<CookieJar> {
  const jar = createCookieJar(app.url);
  expect((await signInWithCredentials(app, jar, { email, password: PASSWORD })).url).toBe(`${app.url}/dashboard`);
  return jar;
}

describe('reauthentication of a next-auth session', () => {
  it('with the password: the cookie gets the fresh auth_time, and the next call with it passes', async () => {
    const { email } = await registerWithBody(server);
    const jar = await signedIn(email);
    const before = (await session(jar)).accessToken!;
    server.clock.advance(6 * 60_000);
    expect((await setUpTotp((await session(jar)).accessToken!)).status).toBe(401);

    // A wrong password changes nothing.
    await expect(auth.session.reauthenticate(storeOf(jar), { password: 'not the password' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(authTime((await session(jar)).accessToken!)).toBe(authTime(before));

    const fresh = await auth.session.reauthenticate(storeOf(jar), { password: PASSWORD });
    expect(fresh.accessToken).toEqual(expect.any(String));
    expect(fresh).not.toHaveProperty('refreshToken');
    // next-auth's own handler now serves the new token (what useSession().update() fetches).
    const served = (await session(jar)).accessToken!;
    expect(served).toBe(fresh.accessToken);
    expect(authTime(served)).toBe(Math.floor(server.clock.now() / 1000));
    expect((await setUpTotp(served)).status).toBe(200);
    // The session still refreshes: its refresh token was kept or replaced, never lost.
    server.clock.advance(60 * 60_000);
    const refreshed = (await session(jar)).accessToken!;
    expect(refreshed).not.toBe(served);
    expect(authTime(refreshed)).toBe(authTime(served));
  });

  it('with a TOTP code after an MFA sign-in; a replayed code is invalid_code', async () => {
    const { email, accessToken } = await registerWithBody(server);
    const { secret } = await enrolTotp(server, accessToken);
    const jar = createCookieJar(app.url);
    const challenge = mfaChallengeOf(
      new URL((await signInWithCredentials(app, jar, { email, password: PASSWORD })).url).searchParams.get('error'),
    )!;
    nextStep(server);
    const signInCode = totpCode(secret, server.clock.now());
    const done = await signInWithCredentials(app, jar, { mfa_token: challenge.mfaToken, method: 'totp', code: signInCode }, 'tessera-mfa');
    expect(done.url).toBe(`${app.url}/dashboard`);
    server.clock.advance(6 * 60_000);

    await expect(auth.session.reauthenticate(storeOf(jar), { totp: signInCode })).rejects.toMatchObject({ code: 'invalid_code' });
    nextStep(server);
    const fresh = await auth.session.reauthenticate(storeOf(jar), { totp: totpCode(secret, server.clock.now()) });
    expect(authTime(fresh.accessToken!)).toBe(Math.floor(server.clock.now() / 1000));
    expect((await session(jar)).accessToken).toBe(fresh.accessToken);
  });

  it('without a session is invalid_token', async () => {
    await expect(auth.session.reauthenticate(storeOf(createCookieJar(app.url)), { password: PASSWORD })).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });
});
