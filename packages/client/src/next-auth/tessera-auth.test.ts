// The callbacks and provider without HTTP plumbing: a fake simplejwt backend (rotation with an immediate blacklist,
// no grace window) and the injectable clock decide what happens.
import { describe, expect, it } from 'vitest';
import type { Account } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { simplejwt, type SimpleJwtUser } from '../adapters/simplejwt.js';
import type { Fetch } from '../fetch.js';
import { createTesseraAuth } from './tessera-auth.js';
import type { TesseraToken } from './session-token.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'HS256' })}.${b64(claims)}.sig`;
const SECRET = 'tessera-auth-unit-test-0123456789abcdef';

/** djangorestframework-simplejwt with ROTATE_REFRESH_TOKENS and BLACKLIST_AFTER_ROTATION: no grace at all. */
function fakeSimpleJwt(clock: { now: () => number }, options: { rotate?: boolean } = {}) {
  let serial = 0;
  const live = new Set<string>();
  const calls: Array<{ path: string; body: Record<string, unknown>; headers: Headers }> = [];
  const pair = () => {
    const iat = Math.floor(clock.now() / 1000);
    const refresh = `refresh-${++serial}`;
    live.add(refresh);
    return { access: jwt({ token_type: 'access', user_id: 7, username: 'ada', iat, exp: iat + 300, jti: `a${serial}` }), refresh };
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: Fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    calls.push({ path, body, headers: new Headers(init?.headers) });
    if (path === '/api/token/')
      return body.password === 'secret' ? json(200, pair()) : json(401, { detail: 'No active account found with the given credentials' });
    if (path === '/api/token/refresh/') {
      const old = String(body.refresh);
      if (!live.has(old)) return json(401, { detail: 'Token is blacklisted', code: 'token_not_valid' });
      if (options.rotate === false) return json(200, { access: pair().access });
      live.delete(old);
      return json(200, pair());
    }
    if (path === '/api/token/blacklist/') {
      live.delete(String(body.refresh));
      return json(200, {});
    }
    return json(404, {});
  };
  return { fetch, calls, live, refreshes: () => calls.filter((c) => c.path === '/api/token/refresh/').length };
}

function setup(options: { rotate?: boolean; refreshMargin?: number; clientAddress?: number; forwardHeaders?: string[] } = {}) {
  let now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const backend = fakeSimpleJwt(clock, options);
  const auth = createTesseraAuth<SimpleJwtUser, { username: string; password: string }>({
    baseUrl: 'http://django.test',
    adapter: simplejwt({ blacklistPath: '/api/token/blacklist/' }),
    credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
    fetch: backend.fetch,
    now: clock.now,
    secret: SECRET,
    ...(options.refreshMargin !== undefined ? { refreshMargin: options.refreshMargin } : {}),
    ...(options.clientAddress !== undefined ? { clientAddress: options.clientAddress } : {}),
    ...(options.forwardHeaders ? { forwardHeaders: options.forwardHeaders } : {}),
  });
  const provider = auth.credentials();
  const authorize = (credentials: Record<string, string>, headers: Record<string, string> = {}) =>
    provider.options!.authorize!(credentials, { headers, body: {}, query: {}, method: 'POST' });
  /** Sign in as next-auth does: authorize(), then jwt() with the user and a credentials account. */
  async function signIn(): Promise<JWT> {
    const user = await authorize({ username: 'ada', password: 'secret' });
    const account = { type: 'credentials', provider: 'credentials', providerAccountId: user!.id } as Account;
    return auth.callbacks.jwt({ token: { name: null, email: null, sub: user!.id }, user: user!, account, trigger: 'signIn' } as never);
  }
  const jwtCall = (token: JWT) => auth.callbacks.jwt({ token, account: null } as never) as Promise<JWT & TesseraToken<SimpleJwtUser>>;
  return { auth, backend, clock, authorize, signIn, jwtCall };
}

describe('credentials provider', () => {
  it("sends only the declared fields, plus the user's user agent (forwarded) and the address its proxy appended", async () => {
    const { authorize, backend } = setup({ clientAddress: 1 });
    const user = await authorize(
      { username: 'ada', password: 'secret', csrfToken: 'x', callbackUrl: '/', json: 'true' },
      { 'user-agent': 'Firefox', 'x-forwarded-for': '6.6.6.6, 203.0.113.9', cookie: 'no' },
    );
    expect(user).toMatchObject({ id: '7' });
    expect(backend.calls[0]!.body).toEqual({ username: 'ada', password: 'secret' });
    // This server speaks as itself; Tessera names the session after the forwarded agent when it trusts this server.
    expect(backend.calls[0]!.headers.get('x-forwarded-user-agent')).toBe('Firefox');
    expect(backend.calls[0]!.headers.get('user-agent')).toBeNull();
    expect(backend.calls[0]!.headers.get('x-forwarded-for')).toBe('203.0.113.9');
    expect(backend.calls[0]!.headers.get('cookie')).toBeNull();
  });

  it('never passes on the X-Forwarded-For or X-Forwarded-User-Agent the browser sent', async () => {
    const { authorize, backend } = setup();
    await authorize({ username: 'ada', password: 'secret' }, { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-user-agent': 'Victim/1.0' });
    expect(backend.calls[0]!.headers.get('x-forwarded-for')).toBeNull();
    expect(backend.calls[0]!.headers.get('x-forwarded-user-agent')).toBeNull();
    expect(() => createTesseraAuth({ baseUrl: 'http://x.test', secret: SECRET, forwardHeaders: ['X-Forwarded-For'] })).toThrow(
      /clientAddress/,
    );
    expect(() => createTesseraAuth({ baseUrl: 'http://x.test', secret: SECRET, forwardHeaders: ['X-Forwarded-User-Agent'] })).toThrow(
      /x-forwarded-user-agent/,
    );
  });

  it("passes the browser's User-Agent on as its own only when forwardHeaders lists it (a backend that reads no other)", async () => {
    const { authorize, backend } = setup({ forwardHeaders: ['user-agent'] });
    await authorize({ username: 'ada', password: 'secret' }, { 'user-agent': 'Firefox' });
    expect(backend.calls[0]!.headers.get('user-agent')).toBe('Firefox');
  });

  it('answers wrong credentials with null (CredentialsSignin) and other failures with their code', async () => {
    const { authorize } = setup();
    await expect(authorize({ username: 'ada', password: 'nope' })).resolves.toBeNull();
    const offline = createTesseraAuth({
      baseUrl: 'http://down.test',
      secret: SECRET,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(offline.credentials().options!.authorize!({ email: 'a@b.c', password: 'p' }, { headers: {} })).rejects.toThrow(
      'network_error',
    );
  });
});

describe('jwt callback', () => {
  it('keeps the tokens and the user in the JWT at sign-in, with sub as the backend user id', async () => {
    const { signIn } = setup();
    const token = (await signIn()) as TesseraToken<SimpleJwtUser>;
    expect(token).toMatchObject({ refreshToken: 'refresh-1', user: { id: '7', username: 'ada' }, sub: '7' });
    expect(token.accessTokenExpires).toBe(Date.UTC(2026, 0, 1) + 300_000);
  });

  it('refreshes only once less than the margin (default 60 s) is left', async () => {
    const { signIn, jwtCall, clock, backend } = setup();
    let token = await signIn();
    clock.advance(239_999);
    token = await jwtCall(token);
    expect(backend.refreshes()).toBe(0);
    clock.advance(1);
    token = await jwtCall(token);
    expect(backend.refreshes()).toBe(1);
    expect(token).toMatchObject({ refreshToken: 'refresh-2' });
  });

  it('honours a custom margin', async () => {
    const { signIn, jwtCall, clock, backend } = setup({ refreshMargin: 120_000 });
    const token = await signIn();
    clock.advance(180_000);
    await jwtCall(token);
    expect(backend.refreshes()).toBe(1);
  });

  it('shares one rotation between 20 concurrent callers on a backend that blacklists at once', async () => {
    const { signIn, jwtCall, clock, backend } = setup();
    const token = await signIn();
    clock.advance(300_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => jwtCall(token)));
    expect(backend.refreshes()).toBe(1);
    expect(new Set(results.map((t) => t.refreshToken))).toEqual(new Set(['refresh-2']));
    for (const result of results) expect(result.error).toBeUndefined();
  });

  it('hands late callers with the old token the cached pair for 30 s, then lets the backend decide', async () => {
    const { signIn, jwtCall, clock, backend } = setup();
    const old = await signIn();
    clock.advance(300_000);
    const rotated = await jwtCall(old);
    clock.advance(29_000);
    expect((await jwtCall(old)).refreshToken).toBe(rotated.refreshToken);
    expect(backend.refreshes()).toBe(1);
    clock.advance(1_000);
    expect(await jwtCall(old)).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    expect(backend.refreshes()).toBe(2);
  });

  it('keeps the refresh token when the backend does not rotate (ROTATE_REFRESH_TOKENS off)', async () => {
    const { signIn, jwtCall, clock } = setup({ rotate: false });
    const token = await signIn();
    clock.advance(300_000);
    const next = await jwtCall(token);
    expect(next.refreshToken).toBe('refresh-1');
    expect(next.accessToken).not.toBe((token as TesseraToken<SimpleJwtUser>).accessToken);
  });

  it('does not call the backend again for a refused session', async () => {
    const { signIn, jwtCall, clock, backend } = setup();
    const token = await signIn();
    backend.live.clear();
    clock.advance(300_000);
    const refused = await jwtCall(token);
    expect(refused).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    expect(refused.accessToken).toBeUndefined();
    expect(refused.refreshToken).toBeUndefined();
    await jwtCall(refused);
    expect(backend.refreshes()).toBe(1);
  });

  it('times out a hung refresh as a network failure, keeping the session', async () => {
    let now = 0;
    const hung: Fetch = (_input, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const auth = createTesseraAuth({ baseUrl: 'http://slow.test', secret: SECRET, fetch: hung, now: () => now, requestTimeout: 20 });
    const token = { accessToken: 'a', accessTokenExpires: 1_000, refreshToken: 'r' };
    now = 1_000;
    expect(await auth.refresh(token)).toEqual({ ...token, errorReason: 'network' });
  });
});

describe('session callback', () => {
  it('exposes the access token, its expiry, the user and the error, never the refresh token', async () => {
    const { auth, signIn } = setup();
    const token = await signIn();
    const session = auth.callbacks.session({ session: { expires: '2026-02-01T00:00:00.000Z', user: {} }, token } as never);
    expect(Object.keys(session).sort()).toEqual(['accessToken', 'accessTokenExpires', 'accessTokenIssuedAt', 'expires', 'user']);
    expect(JSON.stringify(session)).not.toContain('refresh-1');
    const refused = auth.callbacks.session({
      session: { expires: 'x' },
      token: { ...token, error: 'RefreshAccessTokenError', errorReason: 'reused' },
    } as never);
    expect(refused).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'reused' });
  });
});

describe('sign-out', () => {
  it('blacklists the refresh token and forgets rotations that led to it', async () => {
    const { auth, signIn, jwtCall, clock, backend } = setup();
    const old = await signIn();
    clock.advance(300_000);
    const rotated = await jwtCall(old);
    await auth.events.signOut({ token: rotated } as never);
    expect(backend.calls.at(-1)).toMatchObject({ path: '/api/token/blacklist/', body: { refresh: 'refresh-2' } });
    // A stale cookie cannot resurrect the signed-out pair from the replay cache.
    expect(await jwtCall(old)).toMatchObject({ error: 'RefreshAccessTokenError' });
  });
});

describe('social sign-in', () => {
  it("exchanges an OAuth account's id_token once, in signIn(), and jwt() picks the result up", async () => {
    const calls: string[] = [];
    const fetch: Fetch = async (input, init) => {
      calls.push(`${new URL(String(input)).pathname} ${new Headers(init?.headers).get('x-token-transport')} ${String(init?.body)}`);
      return Response.json({
        access_token: 'at',
        expires_in: 900,
        expires_at: 0,
        refresh_token: 'rt',
        user: { id: 'u1', email: 'g@example.com' },
      });
    };
    const auth = createTesseraAuth({ baseUrl: 'http://tessera.test', secret: SECRET, fetch, now: () => 0 });
    const account = { type: 'oauth', provider: 'google', providerAccountId: 'g-sub', id_token: 'eyJ.id.token' } as Account;
    expect(await auth.callbacks.signIn({ user: { id: 'g-sub' }, account })).toBe(true);
    const token = await auth.callbacks.jwt({ token: { sub: 'g-sub' }, user: { id: 'g-sub' }, account, trigger: 'signIn' } as never);
    expect(token).toMatchObject({ accessToken: 'at', refreshToken: 'rt', accessTokenExpires: 900_000, sub: 'u1' });
    expect(calls).toEqual(['/auth/social/google body {"id_token":"eyJ.id.token"}']);
  });

  it('leaves accounts without an id_token alone', async () => {
    const auth = createTesseraAuth({
      baseUrl: 'http://tessera.test',
      secret: SECRET,
      fetch: () => Promise.reject(new Error('no call expected')),
    });
    const account = { type: 'oauth', provider: 'github', providerAccountId: '1', access_token: 'gho' } as Account;
    expect(await auth.callbacks.jwt({ token: { sub: '1' }, user: { id: '1' }, account })).toEqual({ sub: '1' });
  });
});

describe('socialSignInParams', () => {
  it('asks Tessera for a nonce for the provider, by POST, for the authorization request', async () => {
    const calls: string[] = [];
    const fetch: Fetch = async (input, init) => {
      calls.push(`${init?.method} ${new URL(String(input)).pathname}`);
      return Response.json({ nonce: 'n-123', expires_in: 600 });
    };
    const auth = createTesseraAuth({ baseUrl: 'http://tessera.test', secret: SECRET, fetch });
    expect(await auth.socialSignInParams('acme sso')).toEqual({ nonce: 'n-123' });
    expect(calls).toEqual(['POST /auth/social/acme%20sso/nonce']);
  });

  it("passes Tessera's refusal on, and refuses an answer without a nonce", async () => {
    const refusing = createTesseraAuth({
      baseUrl: 'http://tessera.test',
      secret: SECRET,
      fetch: async () => Response.json({ code: 'provider_not_configured', detail: 'no' }, { status: 404 }),
    });
    await expect(refusing.socialSignInParams('github')).rejects.toMatchObject({ code: 'provider_not_configured' });
    const empty = createTesseraAuth({ baseUrl: 'http://tessera.test', secret: SECRET, fetch: async () => Response.json({}) });
    await expect(empty.socialSignInParams('google')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('authOptions', () => {
  it('runs your callbacks after ours, on our result', async () => {
    const { auth, signIn } = setup();
    const options = auth.authOptions({
      callbacks: {
        jwt: ({ token }) => ({ ...token, role: 'admin' }),
        session: ({ session }) => ({ ...session, extra: true }),
      },
    });
    expect(options.session?.strategy).toBe('jwt');
    // next-auth's providers keep their own id and the chosen one under `options`, merged when next-auth reads them.
    expect(options.providers.map((p) => p.options?.id ?? p.id)).toEqual(['credentials', 'tessera-email', 'tessera-mfa', 'tessera-passkey']);
    const token = await options.callbacks!.jwt!({ token: await signIn(), account: null } as never);
    expect(token).toMatchObject({ role: 'admin', refreshToken: 'refresh-1' });
    const session = await options.callbacks!.session!({ session: { expires: 'x' }, token } as never);
    expect(session).toMatchObject({ extra: true, accessToken: expect.any(String) });
    expect(session).not.toHaveProperty('refreshToken');
  });
});
