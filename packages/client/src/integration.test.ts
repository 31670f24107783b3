// The client against a real, listening @tessera/server: cookies, rotation, grace window, reuse detection, logout.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../server/src/test/test-server.js';
import { tessera } from './adapters/tessera.js';
import type { AuthClientOptions } from './auth-client-options.js';
import { createAuthClient, type AuthClient } from './auth-client.js';
import type { TesseraCredentials, TesseraRegistration, TesseraUser } from './adapters/tessera.js';
import type { AuthError } from './errors.js';
import { createCookieJar, type CookieJar } from './test/cookie-jar.js';
import { createFakeLocks } from './test/fake-locks.js';

const PASSWORD = 'correct horse battery staple';
const ACCESS_TTL = 900_000;
const GRACE = 10_000;

let server: TestServer;
let serial = 0;
const clients: AuthClient[] = [];

beforeAll(async () => {
  server = await createTestServer('sqlite');
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

type Options = Partial<AuthClientOptions<TesseraUser, TesseraCredentials, TesseraRegistration>>;

/** A page on TEST_ORIGIN: the server's clock, the browser's cookie jar. */
function page(jar: CookieJar, options: Options = {}): AuthClient {
  const client = createAuthClient({
    baseUrl: server.url,
    fetch: jar.fetch,
    now: server.clock.now,
    locks: createFakeLocks(),
    channel: `integration-${++serial}`,
    autoStart: false,
    ...options,
  });
  clients.push(client);
  return client;
}

const email = () => `user${++serial}@example.com`;
const refreshes = (jar: CookieJar) => jar.calls.filter((p) => p === '/auth/refresh').length;

/** A jar holding a signed-in user's refresh cookie, and that user's email. */
async function signedUpBrowser(): Promise<{ jar: CookieJar; address: string }> {
  const jar = createCookieJar(TEST_ORIGIN);
  const address = email();
  await page(jar).register({ email: address, password: PASSWORD, name: 'Ada' });
  return { jar, address };
}

describe('against a real Tessera server', () => {
  it('registers, logs in and keeps the refresh token out of JavaScript', async () => {
    const jar = createCookieJar(TEST_ORIGIN);
    const address = email();
    const client = page(jar);
    const user = await client.register({ email: address, password: PASSWORD, name: 'Ada' });
    expect(user).toMatchObject({ email: address, name: 'Ada', email_verified: false });
    await client.logout();
    await expect(client.login({ email: address, password: PASSWORD })).resolves.toMatchObject({ email: address });
    expect(client.getState()).toMatchObject({ status: 'authenticated', error: null });
    expect(jar.get('refresh_token')).toBeTruthy();
    expect(client.getState().expiresAt).toBe(server.clock.now() + ACCESS_TTL);
  });

  it('rejects a wrong password with invalid_credentials', async () => {
    const { jar, address } = await signedUpBrowser();
    await expect(page(jar).login({ email: address, password: 'wrong password' })).rejects.toMatchObject({
      code: 'invalid_credentials',
      status: 401,
    });
  });

  it('names each refused registration field, in plain words, on the AuthError', async () => {
    const client = page(createCookieJar(TEST_ORIGIN));
    const refusal = (credentials: TesseraRegistration) =>
      client.register(credentials).then(
        () => null,
        (e: AuthError) => e,
      );
    const refused = await refusal({ email: 'a@b', password: 'short', name: 'x'.repeat(220) });
    expect(refused).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(refused?.errors).toEqual([
      { path: 'email', message: 'Not a valid email address' },
      { path: 'password', message: 'Must be at least 8 characters' },
      { path: 'name', message: 'Must be at most 150 characters' },
    ]);
    const common = await refusal({ email: email(), password: 'password123' });
    expect(common?.errors).toEqual([{ path: 'password', message: expect.stringMatching(/common passwords/) }]);
  });

  it('restores the session on a new page load through the refresh cookie, rotating it', async () => {
    const { jar, address } = await signedUpBrowser();
    const before = jar.get('refresh_token');
    const client = page(jar);
    await client.start();
    expect(client.getState()).toMatchObject({ status: 'authenticated', user: { email: address } });
    expect(jar.get('refresh_token')).not.toBe(before);
  });

  it('calls a protected route with the bearer token', async () => {
    const { jar, address } = await signedUpBrowser();
    const client = page(jar);
    await client.start();
    const response = await client.fetch('/auth/me');
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toMatchObject({ email: address });
    await expect(client.getUser()).resolves.toMatchObject({ email: address });
  });

  it('refreshes an expired access token through the cookie, with one request for 100 callers', async () => {
    const { jar } = await signedUpBrowser();
    const client = page(jar);
    await client.start();
    const first = await client.getToken();
    const before = refreshes(jar);
    server.clock.advance(ACCESS_TTL);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => client.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first);
    expect(refreshes(jar) - before).toBe(1);
    expect((await client.fetch('/auth/sessions')).status).toBe(200);
  });

  it('retries once with a fresh token when the API refuses the old one', async () => {
    const { jar } = await signedUpBrowser();
    const client = page(jar, { refreshMargin: 0 });
    await client.start();
    const stale = await client.getToken();
    // The token expires on the server's clock while this client still believes it is fresh.
    const expiry = client.getState().expiresAt!;
    const clientNow = () => expiry - 1;
    const skewed = page(jar, { now: clientNow, refreshMargin: 0 });
    await skewed.start();
    server.clock.advance(ACCESS_TTL);
    const before = jar.calls.length;
    const response = await skewed.fetch('/auth/me');
    expect(response.status).toBe(200);
    expect(jar.calls.slice(before)).toEqual(['/auth/me', '/auth/refresh', '/auth/me']);
    expect(stale).toBeTruthy();
  });

  it('gives a refresh token replayed within the grace window the same successor', async () => {
    const { jar } = await signedUpBrowser();
    const spent = jar.get('refresh_token')!;
    await page(jar).start(); // rotates
    server.clock.advance(GRACE / 2);
    const replay = createCookieJar(TEST_ORIGIN);
    replay.set('refresh_token', spent, '/auth');
    const late = page(replay);
    await late.start();
    expect(late.getState()).toMatchObject({ status: 'authenticated', error: null });
  });

  it('surfaces reuse of an ancestor refresh token after the grace window as refresh_token_reused', async () => {
    const { jar } = await signedUpBrowser();
    const spent = jar.get('refresh_token')!;
    const client = page(jar);
    await client.start(); // rotates: `spent` is now the parent of the client's token
    server.clock.advance(ACCESS_TTL);
    await client.getToken(); // and rotates again: `spent`'s successor has been used, so `spent` is an ancestor
    server.clock.advance(GRACE + 1_000);
    const thief = createCookieJar(TEST_ORIGIN);
    thief.set('refresh_token', spent, '/auth');
    const stolen = page(thief);
    await stolen.start();
    expect(stolen.getState()).toMatchObject({ status: 'unauthenticated', user: null });
    expect(stolen.getState().error?.code).toBe('refresh_token_reused');
    // Reuse revokes the whole session, so the rightful client is signed out on its next refresh, with a reason.
    server.clock.advance(ACCESS_TTL);
    await expect(client.getToken()).resolves.toBeNull();
    expect(client.getState().status).toBe('unauthenticated');
    expect(['session_revoked', 'refresh_token_reused']).toContain(client.getState().error?.code);
  });

  it('logs out: the cookie is cleared and the session cannot be restored', async () => {
    const { jar } = await signedUpBrowser();
    const client = page(jar);
    await client.start();
    const cookie = jar.get('refresh_token')!;
    await client.logout();
    expect(client.getState().status).toBe('unauthenticated');
    expect(jar.get('refresh_token')).toBeUndefined();
    const other = createCookieJar(TEST_ORIGIN);
    other.set('refresh_token', cookie, '/auth');
    const revived = page(other);
    await revived.start();
    expect(revived.getState().status).toBe('unauthenticated');
    expect(revived.getState().error?.code).toBe('session_revoked');
  });

  it('logs out everywhere with logoutAll', async () => {
    const { jar, address } = await signedUpBrowser();
    const laptop = createCookieJar(TEST_ORIGIN);
    const elsewhere = page(laptop);
    await elsewhere.login({ email: address, password: PASSWORD });
    const client = page(jar);
    await client.start();
    await client.logoutAll();
    expect(client.getState().status).toBe('unauthenticated');
    server.clock.advance(ACCESS_TTL);
    await expect(elsewhere.getToken()).resolves.toBeNull();
    expect(elsewhere.getState().error?.code).toBe('session_revoked');
  });

  it('two tabs sharing one browser refresh once and agree on the token', async () => {
    const { jar } = await signedUpBrowser();
    const locks = createFakeLocks();
    const channel = `integration-tabs-${++serial}`;
    const a = page(jar, { locks, channel });
    const b = page(jar, { locks, channel });
    await a.start();
    await b.start(); // the first tab is signed in: the second restores too (its own rotation)
    server.clock.advance(ACCESS_TTL);
    const before = refreshes(jar);
    const [ta, tb] = await Promise.all([a.getToken(), b.getToken()]);
    expect(ta).toBe(tb);
    expect(refreshes(jar) - before).toBe(1);
  });

  it('signs out this tab and the other at the first request after another device revoked the session', async () => {
    const { jar, address } = await signedUpBrowser();
    const locks = createFakeLocks();
    const channel = `integration-tabs-${++serial}`;
    const a = page(jar, { locks, channel });
    const b = page(jar, { locks, channel });
    await a.start();
    await b.start();
    await vi.waitFor(() => expect(a.getState().expiresAt).toBe(b.getState().expiresAt));
    const laptop = page(createCookieJar(TEST_ORIGIN));
    await laptop.login({ email: address, password: PASSWORD });
    const { sessions } = (await (await laptop.fetch('/auth/sessions')).json()) as { sessions: Array<{ id: string; current: boolean }> };
    const theirs = sessions.find((session) => !session.current)!;
    expect((await laptop.fetch(`/auth/sessions/${theirs.id}`, { method: 'DELETE' })).status).toBe(204);

    const before = refreshes(jar);
    const response = await a.fetch('/auth/sessions');
    expect(response.status).toBe(401);
    expect(a.getState()).toMatchObject({ status: 'unauthenticated', error: { code: 'session_revoked' } });
    await vi.waitFor(() => expect(b.getState()).toMatchObject({ status: 'unauthenticated', error: { code: 'session_revoked' } }));
    // Signed out by the answer itself: no refresh was needed to learn it, and the other device is untouched.
    expect(refreshes(jar)).toBe(before);
    expect(laptop.getState().status).toBe('authenticated');
  });

  it('works server-side with the body transport, without cookies', async () => {
    const address = email();
    const client = createAuthClient({
      baseUrl: server.url,
      adapter: tessera({ transport: 'body' }),
      now: server.clock.now,
      locks: null,
      autoStart: false,
      channel: `integration-${++serial}`,
    });
    clients.push(client);
    await client.register({ email: address, password: PASSWORD });
    const first = await client.getToken();
    server.clock.advance(ACCESS_TTL);
    const second = await client.getToken();
    expect(second).not.toBe(first);
    await client.logout();
    expect(client.getState().status).toBe('unauthenticated');
  });

  it('names a refused origin csrf_rejected', async () => {
    const { jar } = await signedUpBrowser();
    const evil = createCookieJar('https://evil.example');
    evil.set('refresh_token', jar.get('refresh_token')!, '/auth');
    const client = page(evil);
    await client.start();
    expect(client.getState().error?.code).toBe('csrf_rejected');
  });
});
