// Two Next.js instances behind a load balancer, as two createTesseraAuth() calls behind two real next-auth handlers,
// sharing one real Redis, against real backends: Django simplejwt (blacklists a rotated refresh token at once) and
// Tessera with refreshReuseGrace 0. Each scenario also runs without the shared store, to show what it prevents.
import { randomUUID } from 'node:crypto';
import type { AuthOptions } from 'next-auth';
import { decode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestRedis, type TestRedis } from '../../../server/src/test/test-redis.js';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { SIMPLEJWT_PATHS, startSimpleJwtBackend, type SimpleJwtBackend } from '../../../../test/simplejwt/simplejwt-backend.js';
import { simplejwt } from '../adapters/simplejwt.js';
import type { Fetch } from '../fetch.js';
import { createCookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, signOutWithNextAuth, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import type { TesseraSession, TesseraToken } from './session-token.js';
import type { SharedReplayOptions } from './shared-replay.js';
import { createTesseraAuth } from './tessera-auth.js';

const SECRET = 'shared-replay-integration-secret-0123456789';
const COOKIE = 'next-auth.session-token';
const PASSWORD = 'correct horse battery staple';
const READS_PER_INSTANCE = 10;
process.env.NEXTAUTH_SECRET = SECRET;

/** What an instance needs from a backend; `now`/`advance` move the Next servers' clock past the access token's expiry. */
interface Backend {
  refreshPath: string;
  accessTtl: number;
  advance(ms: number): void;
  /** A new user; the fields of the credentials form. */
  signUp(): Promise<Record<string, string>>;
  authOptions(options: { fetch: Fetch; sharedReplay: SharedReplayOptions | undefined; logger: AuthOptions['logger'] }): AuthOptions;
}

let django: SimpleJwtBackend;
let tessera: TestServer;
let instanceA: NextAuthApp;
let instanceB: NextAuthApp;
let serial = 0;
const keyPrefix = `test:next-auth-shared:${randomUUID()}:`;
const connections: TestRedis[] = [];

beforeAll(async () => {
  [django, tessera, instanceA, instanceB] = await Promise.all([
    startSimpleJwtBackend({ accessSeconds: 300 }),
    createTestServer('sqlite', { refreshReuseGrace: 0 }),
    startNextAuthApp({ providers: [] }),
    startNextAuthApp({ providers: [] }),
  ]);
});
afterAll(async () => {
  const admin = connectTestRedis();
  const keys = await admin.keys(`${keyPrefix}*`);
  if (keys.length) await admin.del(...keys);
  await Promise.all([admin.quit(), ...connections.map((redis) => redis.quit())]);
  await Promise.all([django?.close(), tessera?.close(), instanceA?.close(), instanceB?.close()]);
});

function simplejwtBackend(): Backend {
  let skew = 0;
  const now = () => Date.now() + skew;
  return {
    refreshPath: SIMPLEJWT_PATHS.refresh,
    accessTtl: 300_000,
    advance: (ms) => void (skew += ms),
    async signUp() {
      const username = `shared${++serial}`;
      await django.createUser(username, PASSWORD, `${username}@example.com`);
      return { username, password: PASSWORD };
    },
    authOptions: ({ fetch, sharedReplay, logger }) =>
      createTesseraAuth({
        baseUrl: django.url,
        adapter: simplejwt({ blacklistPath: SIMPLEJWT_PATHS.blacklist }),
        credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
        fetch,
        now,
        sharedReplay,
      }).authOptions({ logger }),
  };
}

function tesseraBackend(): Backend {
  return {
    refreshPath: '/auth/refresh',
    accessTtl: 900_000,
    advance: (ms) => tessera.clock.advance(ms),
    async signUp() {
      const email = `shared-${++serial}-${Date.now()}@example.com`;
      const res = await tessera.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } });
      expect(res.status).toBe(201);
      return { email, password: PASSWORD };
    },
    authOptions: ({ fetch, sharedReplay, logger }) =>
      createTesseraAuth({ baseUrl: tessera.url, fetch, now: tessera.clock.now, sharedReplay }).authOptions({ logger }),
  };
}

/**
 * Two fresh instances (as after a deploy), with or without the shared store; records the refreshes both send.
 * `holdNextRefresh()`: the next refresh answer, the rotation done at the backend, waits until released.
 */
function deploy(backend: Backend, shared: boolean) {
  const refreshesSent: string[] = [];
  const nextAuthErrors: unknown[] = [];
  let hold: { reached: () => void; released: Promise<void> } | null = null;
  const recording: Fetch = async (input, init) => {
    if (new URL(String(input)).pathname !== backend.refreshPath) return fetch(input, init);
    refreshesSent.push(Object.values(JSON.parse(String(init?.body)) as Record<string, string>)[0]!);
    const response = await fetch(input, init);
    const held = hold;
    hold = null;
    if (held) {
      held.reached();
      await held.released;
    }
    return response;
  };
  const holdNextRefresh = () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (hold = { reached: resolve, released }));
    return { reached, release };
  };
  const logger: AuthOptions['logger'] = { error: (code, meta) => void nextAuthErrors.push([code, meta]), warn() {}, debug() {} };
  for (const app of [instanceA, instanceB]) {
    const redis = connectTestRedis();
    connections.push(redis);
    // A second connection per instance, as a second process would have; one prefix, so they meet.
    const sharedReplay = shared ? { redis, keyPrefix } : undefined;
    app.options = backend.authOptions({ fetch: recording, sharedReplay, logger });
  }
  return { refreshesSent, nextAuthErrors, holdNextRefresh };
}

/** Signs in through instance A; the session cookie a browser would now send to either instance. */
async function signedIn(backend: Backend): Promise<string> {
  const jar = createCookieJar(instanceA.url);
  expect((await signInWithCredentials(instanceA, jar, await backend.signUp())).url).not.toContain('error');
  return jar.get(COOKIE)!;
}

interface Read {
  session: TesseraSession<unknown>;
  /** The cookie the browser holds afterwards. */
  cookie: string;
}

/** `GET /api/auth/session` with this cookie, as `useSession()` does. */
async function read(app: NextAuthApp, cookie: string): Promise<Read> {
  const res = await fetch(`${app.url}/api/auth/session`, { headers: { cookie: `${COOKIE}=${cookie}` } });
  expect(res.status).toBe(200);
  const set = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .find((pair) => pair.startsWith(`${COOKIE}=`));
  return { session: (await res.json()) as TesseraSession<unknown>, cookie: set?.slice(COOKIE.length + 1) || cookie };
}

/** next-auth's sign-out on `app` with this session cookie. */
function signOut(app: NextAuthApp, cookie: string): Promise<Response> {
  const jar = createCookieJar(app.url);
  jar.set(COOKIE, cookie);
  return signOutWithNextAuth(app, jar);
}

/** Instance A's rotation is held after the backend answered; meanwhile the user signs out through instance B. */
async function signOutDuringRotation(shared: boolean) {
  const backend = tesseraBackend();
  const { refreshesSent, holdNextRefresh } = deploy(backend, shared);
  const stale = await signedIn(backend);
  backend.advance(backend.accessTtl + 1_000);
  const hold = holdNextRefresh();
  const inFlight = read(instanceA, stale);
  await hold.reached;
  expect((await signOut(instanceB, stale)).status).toBe(200);
  hold.release();
  return { refreshesSent, stale, inFlight: await inFlight };
}

const refreshTokenIn = async (cookie: string) => ((await decode({ token: cookie, secret: SECRET })) as TesseraToken<unknown>).refreshToken;

/** READS_PER_INSTANCE concurrent reads on each instance, all with the same cookie whose access token has expired. */
async function racingReads(backend: Backend, shared: boolean) {
  const deployed = deploy(backend, shared);
  const stale = await signedIn(backend);
  backend.advance(backend.accessTtl + 1_000);
  const reads = await Promise.all(
    Array.from({ length: READS_PER_INSTANCE }, () => [read(instanceA, stale), read(instanceB, stale)]).flat(),
  );
  return { ...deployed, oldRefreshToken: await refreshTokenIn(stale), reads };
}

/** Instance A rotates; later instance B gets a request that still carries the old cookie. */
async function lateReadElsewhere(backend: Backend, shared: boolean) {
  const deployed = deploy(backend, shared);
  const stale = await signedIn(backend);
  backend.advance(backend.accessTtl + 1_000);
  const rotated = await read(instanceA, stale);
  backend.advance(20_000); // inside the replay window
  return { ...deployed, rotated, late: await read(instanceB, stale) };
}

/** Everyone got the same new tokens and nobody was logged out; the new refresh token still works at the backend. */
async function expectOneRotationForAll(backend: Backend, reads: Read[], oldRefreshToken: string | undefined) {
  for (const { session } of reads) expect(session).not.toHaveProperty('error');
  for (const { session } of reads) expect(session).not.toHaveProperty('errorReason');
  expect(new Set(reads.map((r) => r.session.accessToken)).size).toBe(1);
  const refreshTokens = new Set(await Promise.all(reads.map((r) => refreshTokenIn(r.cookie))));
  expect(refreshTokens.size).toBe(1);
  expect(refreshTokens).not.toContain(oldRefreshToken);
  backend.advance(backend.accessTtl + 1_000);
  const next = await read(instanceB, reads[0]!.cookie);
  expect(next.session.accessToken).toBeDefined();
  expect(next.session).not.toHaveProperty('error');
}

describe('Django simplejwt (a rotated refresh token is blacklisted at once)', () => {
  it(`${READS_PER_INSTANCE} concurrent reads on each of two instances with the shared store: one refresh reaches the backend, all get the same tokens, nobody is logged out`, async () => {
    const backend = simplejwtBackend();
    const { refreshesSent, reads, oldRefreshToken, nextAuthErrors } = await racingReads(backend, true);
    expect(refreshesSent).toEqual([oldRefreshToken]);
    await expectOneRotationForAll(backend, reads, oldRefreshToken);
    expect(nextAuthErrors).toEqual([]);
  });

  it('without the shared store the same reads refresh more than once and the instances end up refused or split', async () => {
    const { refreshesSent, reads, oldRefreshToken } = await racingReads(simplejwtBackend(), false);
    expect(refreshesSent.length).toBeGreaterThanOrEqual(2);
    for (const sent of refreshesSent) expect(sent).toBe(oldRefreshToken);
    // Which way it breaks depends on timing: usually the later refresh meets the blacklist (401, its instance's users
    // are logged out); when both pass Django's check before either blacklists (the check is not atomic), the two
    // instances hand out two diverging token chains. Never what the shared store gives: one pair for everyone.
    const loggedOut = reads.filter((r) => r.session.error === 'RefreshAccessTokenError');
    const chains = new Set(await Promise.all(reads.map((r) => refreshTokenIn(r.cookie))));
    expect(loggedOut.length > 0 || chains.size > 1).toBe(true);
    for (const { session } of loggedOut) expect(session).toMatchObject({ errorReason: 'revoked' });
  });

  it('a request to instance B with the old cookie after instance A rotated gets A’s pair from the shared store', async () => {
    const { refreshesSent, rotated, late } = await lateReadElsewhere(simplejwtBackend(), true);
    expect(refreshesSent).toHaveLength(1);
    expect(late.session).not.toHaveProperty('error');
    expect(late.session.accessToken).toBe(rotated.session.accessToken);
    expect(await refreshTokenIn(late.cookie)).toBe(await refreshTokenIn(rotated.cookie));
  });

  it('without the shared store that late request on instance B is refused and its user logged out', async () => {
    const { refreshesSent, late } = await lateReadElsewhere(simplejwtBackend(), false);
    expect(refreshesSent).toHaveLength(2);
    expect(late.session).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
  });
});

describe('Tessera with refreshReuseGrace 0', () => {
  it(`${READS_PER_INSTANCE} concurrent reads on each of two instances with the shared store: one refresh reaches the backend, all get the same tokens, nobody is logged out`, async () => {
    const backend = tesseraBackend();
    const { refreshesSent, reads, oldRefreshToken, nextAuthErrors } = await racingReads(backend, true);
    expect(refreshesSent).toEqual([oldRefreshToken]);
    await expectOneRotationForAll(backend, reads, oldRefreshToken);
    expect(nextAuthErrors).toEqual([]);
  });

  it('without the shared store both instances refresh; Tessera answers the one-step-behind token with the same successor', async () => {
    // Tessera's chain (sessions/refresh-rules.ts) treats the previous generation as a lost answer, whatever the grace
    // window: the second instance is not refused, but the backend sees two refreshes.
    const { refreshesSent, reads, oldRefreshToken } = await racingReads(tesseraBackend(), false);
    expect(refreshesSent).toEqual([oldRefreshToken, oldRefreshToken]);
    for (const { session } of reads) expect(session).not.toHaveProperty('error');
    expect(new Set(await Promise.all(reads.map((r) => refreshTokenIn(r.cookie)))).size).toBe(1);
  });
});

describe('a sign-out on one instance while another is rotating the same token (Tessera)', () => {
  it('with the shared store the rotating instance answers the refusal, and the old cookie is refused on both', async () => {
    const { refreshesSent, stale, inFlight } = await signOutDuringRotation(true);
    // Not the signed-out session's new tokens: that answer, arriving after the sign-out's, would set them again.
    expect(inFlight.session).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    expect(inFlight.session).not.toHaveProperty('accessToken');
    expect(await refreshTokenIn(inFlight.cookie)).toBeUndefined();
    for (const app of [instanceA, instanceB])
      expect((await read(app, stale)).session).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    expect(refreshesSent).toHaveLength(1);
  });

  it('without it the rotating instance cannot know, and hands out the revoked session’s tokens', async () => {
    const { inFlight } = await signOutDuringRotation(false);
    expect(inFlight.session).not.toHaveProperty('error');
    expect(inFlight.session.accessToken).toBeDefined();
    // The backend revoked the session at the sign-out, so those tokens are refused at their first use.
    const revoked = await tessera.request('/auth/me', { headers: { authorization: `Bearer ${inFlight.session.accessToken}` } });
    expect(revoked.status).toBe(401);
  });
});
