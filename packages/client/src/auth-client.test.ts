import { describe, expect, it, vi } from 'vitest';
import { changeEmail } from './account/account.js';
import { listUsers } from './admin/admin.js';
import { isAuthError } from './errors.js';
import { createFakeTessera, TTL, USER } from './test/fake-tessera.js';
import { BASE, MARGIN, T0, openTab, previousVisit, signIn, until, useTestClock } from './test/harness.js';

type Tab = ReturnType<typeof openTab>['client'];

useTestClock();
const EXPIRY = T0 + TTL * 1000;

describe('restoring the session on start', () => {
  it('is loading until the refresh cookie restores the session', async () => {
    const { client, server } = openTab();
    await previousVisit(server);
    expect(client.getState().status).toBe('loading');
    await client.start();
    expect(client.getState()).toMatchObject({ status: 'authenticated', user: USER, expiresAt: EXPIRY, error: null });
  });

  it('sends the cookie refresh as a credentialed JSON POST, as the CSRF rule requires', async () => {
    const { client, server } = openTab();
    await previousVisit(server);
    await client.start();
    const init = server.inits[server.calls.lastIndexOf('/auth/refresh')];
    expect(init).toMatchObject({ method: 'POST', credentials: 'include', body: '{}' });
    expect(init?.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('ends unauthenticated without an error for a visitor who never signed in', async () => {
    const { client } = openTab();
    await client.start();
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', user: null, error: null });
    await expect(client.getToken()).resolves.toBeNull();
  });

  it('ends unauthenticated with session_revoked when the cookie was revoked', async () => {
    const { client, server } = openTab();
    await previousVisit(server);
    server.revokeAll();
    await client.start();
    expect(client.getState().error?.code).toBe('session_revoked');
  });

  it('stays loading and retries when the server is unreachable', async () => {
    const { client, server } = openTab();
    await previousVisit(server);
    server.offline = true;
    await client.start();
    expect(client.getState()).toMatchObject({ status: 'loading', error: { code: 'network_error' } });
    server.offline = false;
    await vi.advanceTimersByTimeAsync(1_000);
    await until(() => client.getState().status === 'authenticated');
  });
});

describe('getToken', () => {
  it('returns the token from memory while more than the margin is left, then refreshes', async () => {
    const { client, server } = openTab();
    await signIn(client);
    vi.setSystemTime(EXPIRY - MARGIN - 1);
    await expect(client.getToken()).resolves.toBe('at-1');
    expect(server.count('/auth/refresh')).toBe(0);
    vi.setSystemTime(EXPIRY - MARGIN);
    await expect(client.getToken()).resolves.toBe('at-2');
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('makes exactly one refresh request for 100 concurrent callers', async () => {
    const { client, server } = openTab();
    await signIn(client);
    vi.setSystemTime(EXPIRY + 1);
    let release = () => {};
    server.gate = new Promise((resolve) => (release = resolve));
    const tokens = Promise.all(Array.from({ length: 100 }, () => client.getToken()));
    await until(() => server.count('/auth/refresh') === 1);
    release();
    expect(new Set(await tokens)).toEqual(new Set(['at-2']));
    expect(server.count('/auth/refresh')).toBe(1);
  });
});

describe('proactive refresh', () => {
  it('refreshes on a timer refreshMargin before expiry, and again for the new token', async () => {
    const { client, server } = openTab();
    await signIn(client);
    await vi.advanceTimersByTimeAsync(TTL * 1000 - MARGIN - 1);
    expect(server.count('/auth/refresh')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => client.getState().expiresAt === Date.now() + TTL * 1000);
    expect(server.count('/auth/refresh')).toBe(1);
    await vi.advanceTimersByTimeAsync(TTL * 1000 - MARGIN);
    await until(() => server.count('/auth/refresh') === 2);
  });

  it('honours a custom refreshMargin', async () => {
    const { client, server } = openTab({ refreshMargin: 5 * 60_000 });
    await signIn(client);
    await vi.advanceTimersByTimeAsync(TTL * 1000 - 5 * 60_000);
    await until(() => server.count('/auth/refresh') === 1);
  });
});

describe('fetch', () => {
  it('sends the access token and resolves paths against baseUrl', async () => {
    const { client } = openTab();
    await signIn(client);
    const response = await client.fetch('/api/data');
    await expect(response.json()).resolves.toMatchObject({ ok: true, token: 'at-1' });
  });

  it('refreshes once and retries once after a 401 invalid_token', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.rejected.add('at-1');
    const response = await client.fetch('/api/data', { method: 'POST', body: 'payload' });
    await expect(response.json()).resolves.toMatchObject({ ok: true, token: 'at-2', body: 'payload' });
    expect(server.count('/api/data')).toBe(2);
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('refreshes once and retries once after a 401 token_expired', async () => {
    // The API's clock jumps ahead after login (an NTP correction), so it sees the token expire before the client does.
    let skew = 0;
    const api = createFakeTessera(() => Date.now() + skew);
    const { client } = openTab({ fetch: api.fetch });
    await signIn(client);
    skew = TTL * 1000;
    const response = await client.fetch('/api/data', { headers: { 'x-trace': '1' } });
    await expect(response.json()).resolves.toMatchObject({ ok: true, token: 'at-2' });
    expect(api.calls).toEqual(['/auth/login', '/api/data', '/auth/refresh', '/api/data']);
    expect(new Headers(api.inits.at(-1)?.headers).get('x-trace')).toBe('1');
  });

  it('hands a second 401 back to the caller instead of retrying again', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.rejected.add('at-1').add('at-2');
    const response = await client.fetch('/api/data');
    expect(response.status).toBe(401);
    expect(server.count('/api/data')).toBe(2);
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('shares one refresh between concurrent requests that were refused', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.rejected.add('at-1');
    const responses = await Promise.all(Array.from({ length: 5 }, () => client.fetch('/api/data')));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('does not retry a 401 with another code', async () => {
    const { client, server } = openTab();
    await signIn(client);
    expect((await client.fetch('/api/forbidden')).status).toBe(401);
    expect(server.count('/api/forbidden')).toBe(1);
    expect(server.count('/auth/refresh')).toBe(0);
  });

  it('does not retry a request whose body was a stream', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.rejected.add('at-1');
    const body = new ReadableStream({ start: (c) => c.close() });
    const response = await client.fetch('/api/data', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(401);
    expect(server.count('/auth/refresh')).toBe(0);
  });

  it('never sends the token to another origin unless it is listed in apiOrigins', async () => {
    const { client, server } = openTab({ apiOrigins: ['https://files.test'] });
    await signIn(client);
    const sent = () => new Headers(server.inits.at(-1)?.headers).get('authorization');
    await client.fetch('https://tracker.example/api/data');
    expect(sent()).toBeNull();
    await client.fetch('https://files.test/api/data');
    expect(sent()).toBe('Bearer at-1');
    await client.fetch(new Request(`${BASE}/api/data`));
    expect(sent()).toBe('Bearer at-1');
    await client.fetch(new URL('https://tracker.example/api/data'));
    expect(sent()).toBeNull();
    await client.fetch(new URL(`${BASE}/api/data`));
    expect(sent()).toBe('Bearer at-1');
  });
});

describe('failures', () => {
  it('signs out with refresh_token_reused when the refresh token was already spent', async () => {
    const { client, server } = openTab();
    await signIn(client);
    const stolen = server.cookie;
    vi.setSystemTime(EXPIRY);
    await client.getToken();
    server.cookie = stolen; // the jar holds a refresh token someone already rotated
    vi.setSystemTime(EXPIRY + TTL * 1000);
    await expect(client.getToken()).resolves.toBeNull();
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', user: null, expiresAt: null });
    expect(client.getState().error?.code).toBe('refresh_token_reused');
  });

  it('signs out with session_revoked when the session was revoked elsewhere', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.revokeAll();
    await vi.advanceTimersByTimeAsync(TTL * 1000 - MARGIN);
    await until(() => client.getState().status === 'unauthenticated');
    expect(client.getState().error?.code).toBe('session_revoked');
  });

  it('keeps the session through a network failure and retries with backoff', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.offline = true;
    await vi.advanceTimersByTimeAsync(TTL * 1000 - MARGIN);
    await until(() => client.getState().error?.code === 'network_error');
    expect(client.getState()).toMatchObject({ status: 'authenticated', user: USER });
    const attempts = () => server.count('/auth/refresh');
    expect(attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => attempts() === 2);
    await vi.advanceTimersByTimeAsync(2_000);
    await until(() => attempts() === 3);
    server.offline = false;
    await vi.advanceTimersByTimeAsync(4_000);
    await until(() => client.getState().error === null);
    expect(client.getState().status).toBe('authenticated');
    await expect(client.getToken()).resolves.toBe('at-2');
  });

  it('refreshes a token shorter than the margin at half its lifetime instead of back to back', async () => {
    const { client, server } = openTab();
    server.ttl = 10; // ACCESS_TOKEN_TTL=10s against the default 60 s margin
    await signIn(client);
    await vi.advanceTimersByTimeAsync(60_000);
    // Every 5 s: twelve refreshes in a minute, not thousands.
    expect(server.count('/auth/refresh')).toBeGreaterThanOrEqual(11);
    expect(server.count('/auth/refresh')).toBeLessThanOrEqual(13);
    expect(client.getState().status).toBe('authenticated');
  });

  it('keeps the session while the server answers 503 service_unavailable', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.unavailable = true;
    await vi.advanceTimersByTimeAsync(TTL * 1000 - MARGIN);
    await until(() => client.getState().error?.code === 'service_unavailable');
    expect(client.getState()).toMatchObject({ status: 'authenticated', user: USER });
    server.unavailable = false;
    // The retry honours the server's Retry-After: 5.
    await vi.advanceTimersByTimeAsync(6_000);
    await until(() => client.getState().error === null);
    expect(client.getState().status).toBe('authenticated');
  });

  it('serves the old token while offline until it expires, then rejects with network_error', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.offline = true;
    vi.setSystemTime(EXPIRY - 1);
    await expect(client.getToken()).resolves.toBe('at-1');
    vi.setSystemTime(EXPIRY);
    const error: unknown = await client.getToken().catch((e: unknown) => e);
    expect(isAuthError(error) && error.code).toBe('network_error');
    expect(client.getState()).toMatchObject({ status: 'authenticated', user: USER });
  });

  it('waits for Retry-After when the refresh is rate limited', async () => {
    const { client } = openTab({
      fetch: async () => new Response('{"code":"rate_limited"}', { status: 429, headers: { 'retry-after': '30' } }),
    });
    await client.start();
    expect(client.getState()).toMatchObject({ status: 'loading', error: { code: 'rate_limited', retryAfter: 30 } });
  });

  it('rejects a wrong password with invalid_credentials and leaves the state alone', async () => {
    const { client } = openTab();
    await client.start();
    const before = client.getState();
    await expect(client.login({ email: USER.email, password: 'wrong' })).rejects.toMatchObject({
      name: 'AuthError',
      code: 'invalid_credentials',
      status: 401,
    });
    expect(client.getState()).toBe(before);
  });

  it('reports an unusable answer as invalid_response', async () => {
    const { client } = openTab({ fetch: async () => new Response('<html>', { status: 200 }) });
    await expect(signIn(client)).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('a request refused with session_revoked', () => {
  it('signs out at once from client.fetch, without waiting for a refresh, and hands the 401 to the caller', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.revokedSessions.add('at-1');
    const response = await client.fetch('/api/data');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('session_revoked');
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', user: null, expiresAt: null, error: { code: 'session_revoked' } });
    expect(server.count('/auth/refresh')).toBe(0);
    await expect(client.getToken()).resolves.toBeNull();
  });

  it('signs out from /auth/me (getUser) and from the account and admin calls', async () => {
    const calls = {
      getUser: (client: Tab) => client.getUser(),
      changeEmail: (client: Tab) => changeEmail(client, 'new@example.com'),
      listUsers: (client: Tab) => listUsers(client),
    };
    for (const [name, call] of Object.entries(calls)) {
      const { client, server } = openTab();
      await signIn(client);
      server.revokedSessions.add('at-1');
      await expect(call(client), name).rejects.toMatchObject({ code: 'session_revoked' });
      expect(client.getState(), name).toMatchObject({ status: 'unauthenticated', error: { code: 'session_revoked' } });
    }
  });

  it('stays signed in when the refused token is not its own (an impersonation token sent through the client)', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.revokedSessions.add('at-other');
    const headers = { authorization: 'Bearer at-other' };
    expect((await client.fetch('/api/data', { headers })).status).toBe(401);
    await expect(client.send(() => ({ path: '/auth/me' }), 'at-other')).rejects.toMatchObject({ code: 'session_revoked' });
    expect(client.getState()).toMatchObject({ status: 'authenticated', error: null });
  });

  it('still refreshes and retries after invalid_token or token_expired, without signing out', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.rejected.add('at-1');
    const response = await client.fetch('/api/data');
    expect(response.status).toBe(200);
    expect(server.count('/auth/refresh')).toBe(1);
    expect(client.getState()).toMatchObject({ status: 'authenticated', error: null });
  });
});

describe('actions', () => {
  it('register signs the new user in', async () => {
    const { client } = openTab();
    await expect(client.register({ email: USER.email, password: 'secret', name: 'Ada' })).resolves.toEqual(USER);
    expect(client.getState().status).toBe('authenticated');
  });

  it('logout revokes the session and clears the cookie', async () => {
    const { client, server } = openTab();
    await signIn(client);
    await client.logout();
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', error: null });
    expect(server.cookie).toBeUndefined();
    expect(server.inits.at(-1)).toMatchObject({ method: 'POST', credentials: 'include', body: '{}' });
    await expect(client.getToken()).resolves.toBeNull();
  });

  it('logout signs out locally even when the server is unreachable, and says so', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.offline = true;
    await expect(client.logout()).rejects.toMatchObject({ code: 'network_error' });
    expect(client.getState().status).toBe('unauthenticated');
  });

  it('logoutAll revokes every session, then clears the cookie', async () => {
    const { client, server } = openTab();
    await signIn(client);
    await client.logoutAll();
    expect(server.calls.slice(-2)).toEqual(['/auth/logout-all', '/auth/logout']);
    expect(client.getState().status).toBe('unauthenticated');
  });

  it('getUser reads /auth/me and updates the state', async () => {
    const { client } = openTab();
    await signIn(client);
    await expect(client.getUser()).resolves.toMatchObject({ name: 'Ada Lovelace' });
    expect(client.getState().user?.name).toBe('Ada Lovelace');
  });

  it('notifies subscribers until they unsubscribe', async () => {
    const { client } = openTab();
    const seen: string[] = [];
    const unsubscribe = client.subscribe((state) => seen.push(state.status));
    await signIn(client);
    unsubscribe();
    await client.logout();
    expect(seen).toEqual(['authenticated']);
  });
});
