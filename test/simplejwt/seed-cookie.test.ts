// The simplejwt adapter's cookie transport against seed 001's backend as it is: real Django + DRF + simplejwt cookie
// views (backend/project/seed_views.py) answering {access_token, access_token_expiry}, the refresh token in an
// HttpOnly cookie, rotation with blacklisting. Node's fetch keeps no cookies, so each "browser" is a cookie jar.
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  simplejwt,
  type SimpleJwtAdapterOptions,
  type SimpleJwtCredentials,
  type SimpleJwtUser,
} from '../../packages/client/src/adapters/simplejwt.js';
import { createAuthClient, type AuthClient } from '../../packages/client/src/auth-client.js';
import { isAuthError } from '../../packages/client/src/errors.js';
import { createCookieJar } from './cookie-jar.js';
import { expireAfter, onDemand, recordingFetch, sleep } from './recording-fetch.js';
import { SEED_COOKIE_PATHS, startSimpleJwtBackend, type SimpleJwtBackend } from './simplejwt-backend.js';

const ACCESS_SECONDS = 3;
const MARGIN = 1_500;
const PASSWORD = 'correct horse battery staple';
const P = SEED_COOKIE_PATHS;

/** The adapter as docs/client.md configures it for seed 001. */
const seedAdapter = (extra: SimpleJwtAdapterOptions = {}) =>
  simplejwt({
    transport: 'cookie',
    tokenPath: P.login,
    refreshPath: P.refresh,
    blacklistPath: P.logout,
    userPath: P.me,
    fields: { access: 'access_token', expiry: 'access_token_expiry' },
    ...extra,
  });

let seed: SimpleJwtBackend;
let plain: SimpleJwtBackend;
let serial = 0;
const clients: AuthClient<SimpleJwtUser, SimpleJwtCredentials, never>[] = [];

beforeAll(async () => {
  [seed, plain] = await Promise.all([
    startSimpleJwtBackend({ views: 'seed-cookie', accessSeconds: ACCESS_SECONDS }),
    // No rotation, and the expiry in epoch milliseconds.
    startSimpleJwtBackend({ views: 'seed-cookie', accessSeconds: ACCESS_SECONDS, rotate: false, expiryFormat: 'ms' }),
  ]);
});
afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all([seed?.close(), plain?.close()]);
});

const expire = () => expireAfter(ACCESS_SECONDS);

/** A user, a cookie jar (one browser profile) and `tab()` to open clients on it; every request is recorded. */
async function browser(backend: SimpleJwtBackend, adapter = seedAdapter()) {
  const tag = `c${++serial}`;
  const username = `seed${serial}`;
  const account = await backend.createUser(username, PASSWORD, `${username}@example.com`);
  const { fetch: recording, calls, to } = recordingFetch(tag);
  const jar = createCookieJar(recording);
  const tab = () => {
    const client = createAuthClient<SimpleJwtUser, SimpleJwtCredentials, never>({
      baseUrl: backend.url,
      adapter,
      fetch: jar.fetch,
      timers: onDemand,
      refreshMargin: MARGIN,
      locks: null,
      channel: `seed-cookie-${tag}`,
      autoStart: false,
    });
    clients.push(client);
    return client;
  };
  return {
    account,
    username,
    jar,
    tab,
    calls,
    to,
    tag,
    login: (client = tab()) => client.login({ username, password: PASSWORD }).then(() => client),
  };
}

const postsWith = (backend: SimpleJwtBackend, token: string | null) =>
  fetch(backend.url + P.posts, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
/** The refresh view called with a given cookie, as a stolen or replayed cookie would be. */
const refreshWithCookie = (backend: SimpleJwtBackend, value: string) =>
  fetch(backend.url + P.refresh, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `${P.cookie}=${value}` },
    body: '{}',
  }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => undefined) }));
const BLACKLISTED = { status: 401, body: { detail: 'Token is blacklisted', code: 'token_not_valid' } };

describe('simplejwt() with its defaults against seed 001 (the issue as filed)', () => {
  it('rejects the answer as invalid_response: it looks for `access`', async ({ expect }) => {
    const { tab, username } = await browser(seed, simplejwt({ tokenPath: P.login }));
    const error = await tab()
      .login({ username, password: PASSWORD })
      .catch((e: unknown) => e);
    expect(isAuthError(error) && error.code).toBe('invalid_response');
  });
});

describe.concurrent('the cookie transport against seed 001 as it is', () => {
  it('logs in: the answer is {access_token, access_token_expiry}, the refresh token an HttpOnly cookie the client never sees', async ({
    expect,
  }) => {
    const { account, jar, to, login } = await browser(seed);
    const client = await login();
    expect(client.getState()).toMatchObject({ status: 'authenticated', user: { id: String(account.id), user_id: account.id } });
    const [answer] = to(P.login);
    expect(Object.keys(answer!.received as object).sort()).toEqual(['access_token', 'access_token_expiry']);
    // DRF renders the expiry as an ISO date; the client's expiry is within one lifetime (+ whole-second rounding).
    expect((answer!.received as { access_token_expiry: string }).access_token_expiry).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(client.getState().expiresAt! - Date.now()).toBeLessThanOrEqual(ACCESS_SECONDS * 1_000 + 1_000);
    expect(jar.received).toHaveLength(1);
    expect(jar.received[0]).toMatch(/^refresh_token=[\w.-]+; .*HttpOnly/);
    expect(jar.received[0]).toMatch(/SameSite=Lax/);
    expect(await postsWith(seed, await client.getToken())).toBe(200);
  });

  it('refreshes after expiry with the cookie and an empty body; the cookie rotates and the old one is blacklisted', async ({ expect }) => {
    const { jar, to, login } = await browser(seed);
    const client = await login();
    const first = await client.getToken();
    const issued = jar.cookies()[P.cookie]!;
    await expire();
    expect(await postsWith(seed, first)).toBe(401);
    const second = await client.getToken();
    expect(second).not.toBe(first);
    expect(await postsWith(seed, second)).toBe(200);
    const [rotation] = to(P.refresh);
    expect(rotation).toMatchObject({ status: 200, sent: {}, cookie: `${P.cookie}=${issued}` });
    const rotated = jar.cookies()[P.cookie]!;
    expect(rotated).not.toBe(issued);
    expect(await refreshWithCookie(seed, issued)).toEqual(BLACKLISTED);
    // The refreshed token is timed from the refresh, not from the login (its iat is the login's).
    expect(client.getState().expiresAt! - Date.now()).toBeLessThanOrEqual(ACCESS_SECONDS * 1_000 + 1_000);
    await expire();
    expect(await postsWith(seed, await client.getToken())).toBe(200);
    expect(to(P.refresh).map((c) => [c.status, c.cookie])).toEqual([
      [200, `${P.cookie}=${issued}`],
      [200, `${P.cookie}=${rotated}`],
    ]);
  });

  it('a new tab (or a reload) restores the session through the cookie, then reads /api/me/', async ({ expect }) => {
    const { account, tab, to, login } = await browser(seed);
    await login();
    const reloaded = tab();
    await reloaded.start();
    expect(reloaded.getState()).toMatchObject({ status: 'authenticated', error: null });
    expect(await postsWith(seed, await reloaded.getToken())).toBe(200);
    expect(await reloaded.getUser()).toEqual(account);
    expect(to(P.refresh).map((c) => c.status)).toEqual([200]);
  });

  it('20 concurrent getToken()/fetch calls after expiry send exactly one refresh, and all succeed', async ({ expect }) => {
    const { tag, login } = await browser(seed);
    const client = await login();
    await expire();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? client.getToken() : client.fetch(P.posts).then((r) => r.status))),
    );
    expect(new Set(results.filter((r) => typeof r === 'string')).size).toBe(1);
    expect(results.filter((r) => typeof r === 'number')).toEqual(Array(10).fill(200));
    const seen = await seed.requests({ tag });
    expect(seen.filter((r) => r.path === P.refresh).map((r) => r.status)).toEqual([200]);
  });

  it('logout blacklists the cookie token and deletes the cookie; a later tab starts signed out', async ({ expect }) => {
    const { jar, tab, to, login } = await browser(seed);
    const client = await login();
    const issued = jar.cookies()[P.cookie]!;
    await client.logout();
    expect(to(P.logout)).toMatchObject([{ status: 204, sent: {}, cookie: `${P.cookie}=${issued}` }]);
    expect(jar.cookies()).toEqual({});
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', user: null, error: null });
    expect(await refreshWithCookie(seed, issued)).toEqual(BLACKLISTED);
    const later = tab();
    await later.start();
    // No cookie is not news: signed out without an error.
    expect(later.getState()).toMatchObject({ status: 'unauthenticated', error: null });
    expect(to(P.refresh).map((c) => [c.status, c.cookie])).toEqual([[401, null]]);
  });

  it('a refresh Django refuses (the cookie token blacklisted elsewhere) signs out with invalid_token', async ({ expect }) => {
    const { jar, login } = await browser(seed);
    const client = await login();
    // Another device holding the same cookie logs out, as an administrator revoking it would.
    await fetch(seed.url + P.logout, { method: 'POST', headers: { cookie: `${P.cookie}=${jar.cookies()[P.cookie]}` } });
    await expire();
    expect(await client.getToken()).toBeNull();
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', error: { code: 'invalid_token', status: 401 } });
  });

  it('refuses a wrong password with invalid_credentials and sets no cookie', async ({ expect }) => {
    const { tab, jar, username } = await browser(seed);
    const error = await tab()
      .login({ username, password: 'wrong' })
      .catch((e: unknown) => e);
    expect(isAuthError(error) && { code: error.code, status: error.status }).toEqual({ code: 'invalid_credentials', status: 401 });
    expect(jar.cookies()).toEqual({});
  });

  it('without ROTATE_REFRESH_TOKENS (and an epoch-ms expiry) the cookie stays and keeps refreshing', async ({ expect }) => {
    const { jar, to, login } = await browser(plain, seedAdapter({ expiryFormat: 'ms' }));
    const client = await login();
    const issued = jar.cookies()[P.cookie];
    expect(typeof (to(P.login)[0]!.received as { access_token_expiry: unknown }).access_token_expiry).toBe('number');
    await expire();
    await client.getToken();
    await expire();
    expect(await postsWith(plain, await client.getToken())).toBe(200);
    expect(to(P.refresh).map((c) => [c.status, c.cookie])).toEqual([
      [200, `${P.cookie}=${issued}`],
      [200, `${P.cookie}=${issued}`],
    ]);
    expect(jar.cookies()[P.cookie]).toBe(issued);
  });
});
