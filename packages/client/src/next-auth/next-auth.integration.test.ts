// The real next-auth v4 handler (Pages API style, node:http) in front of a real Tessera server: sign-in, refresh,
// concurrency with and without the server's grace window, refusals, network failures and sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from 'next-auth/jwt';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { createCookieJar, type CookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, signOutWithNextAuth, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import type { Fetch } from '../fetch.js';
import { createTesseraAuth, type TesseraAuth } from './tessera-auth.js';
import type { TesseraSession, TesseraToken } from './session-token.js';
import type { TesseraUser } from '../adapters/tessera.js';

const SECRET = 'next-auth-integration-secret-0123456789';
const PASSWORD = 'correct horse battery staple';
const ACCESS_TTL = 900_000;
process.env.NEXTAUTH_SECRET = SECRET;

let grace: TestServer;
let noGrace: TestServer;
let app: NextAuthApp;
let serial = 0;
const nextAuthErrors: unknown[] = [];

beforeAll(async () => {
  [grace, noGrace] = await Promise.all([createTestServer('sqlite'), createTestServer('sqlite', { refreshReuseGrace: 0 })]);
  app = await startNextAuthApp({ providers: [] });
});
afterAll(async () => {
  await Promise.all([grace?.close(), noGrace?.close(), app?.close()]);
});

/** What the integration sent to the backend, a switch to take the backend "offline", and a hold on refresh answers. */
interface Recorder {
  fetch: Fetch;
  refreshTokensSent: string[];
  offline: boolean;
  /** Set: a refresh answer, the rotation done at the backend, waits for it; `onHeld` is called when one does. */
  hold: { released: Promise<void>; onHeld: () => void } | null;
}

function recorder(): Recorder {
  const rec: Recorder = {
    refreshTokensSent: [],
    offline: false,
    hold: null,
    async fetch(input, init) {
      const url = String(input);
      if (rec.offline) throw new TypeError('fetch failed');
      if (!url.endsWith('/auth/refresh')) return fetch(input, init);
      rec.refreshTokensSent.push((JSON.parse(String(init?.body)) as { refresh_token: string }).refresh_token);
      const response = await fetch(input, init);
      const hold = rec.hold;
      if (hold) {
        hold.onHeld();
        await hold.released;
      }
      return response;
    },
  };
  return rec;
}

/** next-auth in front of `server`, with the integration on the server's clock. */
function mount(server: TestServer): { auth: TesseraAuth<TesseraUser>; rec: Recorder } {
  const rec = recorder();
  const auth = createTesseraAuth({ baseUrl: server.url, fetch: rec.fetch, now: server.clock.now });
  app.options = auth.authOptions({ logger: { error: (code, meta) => void nextAuthErrors.push([code, meta]), warn() {}, debug() {} } });
  return { auth, rec };
}

async function signUp(server: TestServer): Promise<string> {
  const email = `next-auth-${++serial}-${Date.now()}@example.com`;
  const res = await server.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD, name: 'Ada' } });
  expect(res.status).toBe(201);
  return email;
}

const signIn = (jar: CookieJar, email: string, password = PASSWORD) => signInWithCredentials(app, jar, { email, password });

async function session(jar: CookieJar): Promise<TesseraSession<TesseraUser> & Record<string, unknown>> {
  const res = await jar.fetch(`${app.url}/api/auth/session`);
  expect(res.status).toBe(200);
  return (await res.json()) as TesseraSession<TesseraUser> & Record<string, unknown>;
}

/** What is inside the encrypted cookie (test-only: the browser cannot do this). */
async function cookieToken(jar: CookieJar): Promise<TesseraToken<TesseraUser>> {
  return (await decode({ token: jar.get('next-auth.session-token') ?? '', secret: SECRET })) as TesseraToken<TesseraUser>;
}

async function signedIn(server: TestServer) {
  const mounted = mount(server);
  const jar = createCookieJar(app.url);
  const email = await signUp(server);
  expect((await signIn(jar, email)).url).not.toContain('error');
  return { ...mounted, jar, email };
}

const me = (server: TestServer, accessToken: string) => server.request('/auth/me', { headers: { authorization: `Bearer ${accessToken}` } });

describe('credentials sign-in through next-auth', () => {
  it('puts the access token, its expiry and the user in the session, and no refresh token', async () => {
    const { jar, email } = await signedIn(grace);
    const current = await session(jar);
    expect(current).toMatchObject({ user: { email, name: 'Ada' }, accessTokenExpires: grace.clock.now() + ACCESS_TTL });
    expect((await me(grace, current.accessToken!)).status).toBe(200);
    const { refreshToken } = await cookieToken(jar);
    expect(refreshToken).toMatch(/^[\w-]{70}$/);
    expect(JSON.stringify(current)).not.toContain(refreshToken);
    expect(Object.keys(current).sort()).toEqual(['accessToken', 'accessTokenExpires', 'accessTokenIssuedAt', 'expires', 'user']);
  });

  it('answers a wrong password with CredentialsSignin and sets no session', async () => {
    mount(grace);
    const jar = createCookieJar(app.url);
    const email = await signUp(grace);
    expect((await signIn(jar, email, 'wrong password')).url).toContain('error=CredentialsSignin');
    expect(await session(jar)).toEqual({});
  });

  it('leaves a fresh token alone: no refresh before the margin', async () => {
    const { jar, rec } = await signedIn(grace);
    const first = await session(jar);
    grace.clock.advance(ACCESS_TTL - 61_000);
    expect((await session(jar)).accessToken).toBe(first.accessToken);
    expect(rec.refreshTokensSent).toHaveLength(0);
  });

  it('refreshes within the margin, rotating the refresh token in the cookie', async () => {
    const { jar, rec } = await signedIn(grace);
    const first = await session(jar);
    const before = (await cookieToken(jar)).refreshToken;
    grace.clock.advance(ACCESS_TTL - 59_000);
    const second = await session(jar);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.accessTokenExpires).toBe(grace.clock.now() + ACCESS_TTL);
    expect(rec.refreshTokensSent).toEqual([before]);
    expect((await cookieToken(jar)).refreshToken).not.toBe(before);
    expect((await me(grace, second.accessToken!)).status).toBe(200);
  });
});

describe.each([
  ['with the 10 s grace window', () => grace],
  ['without a grace window (REFRESH_REUSE_GRACE=0)', () => noGrace],
])('concurrent session requests %s', (_name, server) => {
  it('20 requests with an expired access token share one rotation and the user stays signed in', async () => {
    const { jar, rec } = await signedIn(server());
    await session(jar);
    server().clock.advance(ACCESS_TTL + 1_000);
    const sessions = await Promise.all(Array.from({ length: 20 }, () => session(jar)));
    expect(rec.refreshTokensSent).toHaveLength(1);
    expect(new Set(sessions.map((s) => s.accessToken)).size).toBe(1);
    for (const s of sessions) expect(s).not.toHaveProperty('error');
    // Rotation was not lost: the next expiry refreshes again with the new token.
    server().clock.advance(ACCESS_TTL + 1_000);
    const later = await session(jar);
    expect(later).not.toHaveProperty('error');
    expect(rec.refreshTokensSent).toHaveLength(2);
    expect(new Set(rec.refreshTokensSent).size).toBe(2);
    expect((await me(server(), later.accessToken!)).status).toBe(200);
  });

  it('a request still carrying the old cookie after the rotation gets the same pair from the replay cache', async () => {
    const { jar, rec } = await signedIn(server());
    const stale = jar.get('next-auth.session-token')!;
    server().clock.advance(ACCESS_TTL + 1_000);
    const rotated = await session(jar);
    server().clock.advance(20_000); // past the server's grace window, inside the replay window
    const lateJar = createCookieJar(app.url);
    lateJar.set('next-auth.session-token', stale);
    const late = await session(lateJar);
    expect(late.accessToken).toBe(rotated.accessToken);
    expect(late).not.toHaveProperty('error');
    expect(rec.refreshTokensSent).toHaveLength(1);
  });
});

describe('backend refusals and outages', () => {
  it('a replay after the replay window is refused as reused (no grace) and the session says so', async () => {
    const { jar } = await signedIn(noGrace);
    const stale = jar.get('next-auth.session-token')!;
    noGrace.clock.advance(ACCESS_TTL + 1_000);
    await session(jar);
    // A second rotation uses the stale token's successor, so the stale token is now an ancestor, not a lost answer.
    noGrace.clock.advance(ACCESS_TTL + 1_000);
    await session(jar);
    noGrace.clock.advance(31_000);
    const lateJar = createCookieJar(app.url);
    lateJar.set('next-auth.session-token', stale);
    const refused = await session(lateJar);
    expect(refused).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'reused' });
    expect(refused).not.toHaveProperty('accessToken');
    // The refusal is persisted: the next request does not call the backend again.
    expect(await session(lateJar)).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'reused' });
  });

  it('a session revoked at the backend surfaces as RefreshAccessTokenError / revoked', async () => {
    const { jar } = await signedIn(grace);
    const { refreshToken } = await cookieToken(jar);
    expect((await grace.request('/auth/logout', { method: 'POST', json: { refresh_token: refreshToken } })).status).toBe(204);
    grace.clock.advance(ACCESS_TTL);
    expect(await session(jar)).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
  });

  it('an expired refresh token surfaces as RefreshAccessTokenError / expired', async () => {
    const { jar } = await signedIn(grace);
    grace.clock.advance(31 * 86_400_000);
    expect(await session(jar)).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'expired' });
  });

  it('a network failure keeps the user signed in with the old token and retries on the next request', async () => {
    const { jar, rec } = await signedIn(grace);
    const first = await session(jar);
    grace.clock.advance(ACCESS_TTL - 30_000);
    rec.offline = true;
    const offline = await session(jar);
    expect(offline).toMatchObject({ accessToken: first.accessToken, errorReason: 'network' });
    expect(offline).not.toHaveProperty('error');
    rec.offline = false;
    const back = await session(jar);
    expect(back.accessToken).not.toBe(first.accessToken);
    expect(back).not.toHaveProperty('errorReason');
  });
});

const signOut = (jar: CookieJar) => signOutWithNextAuth(app, jar);

describe('sign-out', () => {
  it('revokes the session at the backend: its refresh token is refused afterwards', async () => {
    const { jar } = await signedIn(grace);
    const { refreshToken } = await cookieToken(jar);
    const res = await signOut(jar);
    expect(res.status).toBe(200);
    expect(jar.get('next-auth.session-token')).toBeUndefined();
    expect(await session(jar)).toEqual({});
    const replay = await grace.request('/auth/refresh', { method: 'POST', json: { refresh_token: refreshToken } });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { code: string }).code).toBe('session_revoked');
  });

  it('a session request whose refresh was in flight at sign-out answers with the refusal, not the new tokens', async () => {
    // The browser's race: a session refetch is rotating the token when the user signs out, and its answer arrives
    // after the sign-out's. Its cookie would put the signed-out session back (tokens the backend has revoked).
    const { jar, rec } = await signedIn(grace);
    const stale = jar.get('next-auth.session-token')!;
    grace.clock.advance(ACCESS_TTL + 1_000);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      rec.hold = { released: new Promise<void>((resolved) => (release = resolved)), onHeld: resolve };
    });
    const inFlight = session(jar);
    await held;
    rec.hold = null;
    const other = createCookieJar(app.url);
    other.set('next-auth.session-token', stale);
    expect((await signOut(other)).status).toBe(200);
    release();

    const late = await inFlight;
    expect(late).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    expect(late).not.toHaveProperty('accessToken');
    expect(await cookieToken(jar)).not.toHaveProperty('refreshToken');
    // A request still carrying the signed-out cookie gets the refusal too, not the rotation from the replay cache.
    const lateJar = createCookieJar(app.url);
    lateJar.set('next-auth.session-token', stale);
    expect(await session(lateJar)).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    expect(rec.refreshTokensSent).toHaveLength(1);
  });
});

describe('next-auth logged no errors', () => {
  it('during the suite', () => {
    expect(nextAuthErrors).toEqual([]);
  });
});
