// The middleware helper and the cookie-store helpers against a real Tessera, with cookies minted by the real next-auth
// handler: a token refreshed outside /api/auth/session must reach both the browser and this request's downstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest, NextResponse, type NextFetchEvent } from 'next/server.js';
import { decode, encode } from 'next-auth/jwt';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { createCookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import type { Fetch } from '../fetch.js';
import type { TesseraUser } from '../adapters/tessera.js';
import type { CookieStore } from './cookie-session.js';
import { CHUNK_SIZE } from './session-cookie.js';
import type { TesseraToken } from './session-token.js';
import { createTesseraAuth, type TesseraAuth } from './tessera-auth.js';
import { withTesseraSession, type TesseraMiddleware } from './with-tessera-session.js';

const SECRET = 'middleware-secret-0123456789abcdef0123';
const NAME = 'next-auth.session-token';
const ACCESS_TTL = 900_000;
process.env.NEXTAUTH_SECRET = SECRET;
const event = {} as NextFetchEvent;

let server: TestServer;
let app: NextAuthApp;
let serial = 0;

beforeAll(async () => {
  server = await createTestServer('sqlite');
  app = await startNextAuthApp({ providers: [] });
});
afterAll(async () => {
  await Promise.all([server?.close(), app?.close()]);
});

function setup(options: { secureCookie?: boolean } = {}) {
  const sent: string[] = [];
  /** The browser's user agent as each refresh forwarded it. */
  const agents: (string | null)[] = [];
  const recording: Fetch = async (input, init) => {
    if (String(input).endsWith('/auth/refresh')) {
      sent.push((JSON.parse(String(init?.body)) as { refresh_token: string }).refresh_token);
      agents.push(new Headers(init?.headers).get('x-forwarded-user-agent'));
    }
    return fetch(input, init);
  };
  const auth = createTesseraAuth({ baseUrl: server.url, fetch: recording, now: server.clock.now, ...options });
  app.options = auth.authOptions({ logger: { error() {}, warn() {}, debug() {} } });
  return { auth, sent, agents };
}

/** A signed-in user's session cookie value, minted by next-auth's credentials callback. */
async function signedInCookie(): Promise<string> {
  const email = `mw-${++serial}-${Date.now()}@example.com`;
  expect(
    (await server.request('/auth/register', { method: 'POST', json: { email, password: 'correct horse battery staple' } })).status,
  ).toBe(201);
  const jar = createCookieJar(app.url);
  await signInWithCredentials(app, jar, { email, password: 'correct horse battery staple' });
  return jar.get(NAME)!;
}

const request = (cookies: Record<string, string>) =>
  new NextRequest('http://localhost:3000/dashboard', {
    headers: {
      cookie: Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      'user-agent': 'test',
    },
  });

/** Set-Cookie lines by cookie name. */
function setCookies(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf('=')), line]));
}
const valueOf = (line: string | undefined) => line?.slice(line.indexOf('=') + 1).split(';')[0] ?? '';
const tokenOf = async (value: string) => (await decode({ token: value, secret: SECRET })) as TesseraToken<TesseraUser>;

describe('withTesseraSession', () => {
  it('passes a fresh session through untouched', async () => {
    const { auth, sent } = setup();
    const cookie = await signedInCookie();
    let seen: unknown;
    const response = await withTesseraSession(auth.session, (_req, _event, session) => void (seen = session))(
      request({ [NAME]: cookie }),
      event,
    );
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(seen).toMatchObject({ accessToken: expect.any(String), user: { email: expect.stringContaining('@') } });
    expect(sent).toEqual([]);
  });

  it('refreshes an expired token and writes the rotated cookie into the response AND the forwarded request', async () => {
    const { auth, sent, agents } = setup();
    const cookie = await signedInCookie();
    const before = await tokenOf(cookie);
    server.clock.advance(ACCESS_TTL);
    const response = await withTesseraSession(auth.session)(request({ [NAME]: cookie }), event);
    const written = valueOf(setCookies(response).get(NAME));
    const after = await tokenOf(written);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(setCookies(response).get(NAME)).toMatch(/HttpOnly/i);
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.get('x-middleware-override-headers')).toContain('cookie');
    expect(response.headers.get('x-middleware-request-cookie')).toBe(`${NAME}=${written}`);
    expect(sent).toEqual([before.refreshToken]);
    expect(agents).toEqual(['test']);

    // The browser's next request carries the new cookie: nothing to refresh, and next-auth itself reads it.
    const second = await withTesseraSession(auth.session)(request({ [NAME]: written }), event);
    expect(second.headers.getSetCookie()).toEqual([]);
    const jar = createCookieJar(app.url);
    jar.set(NAME, written);
    const viaNextAuth = (await (await jar.fetch(`${app.url}/api/auth/session`)).json()) as Record<string, unknown>;
    expect(viaNextAuth).toMatchObject({ accessToken: after.accessToken });
    expect(viaNextAuth).not.toHaveProperty('error');

    // And the one after the next expiry rotates the new token: the old one is never sent again.
    server.clock.advance(ACCESS_TTL);
    const third = await withTesseraSession(auth.session)(request({ [NAME]: written }), event);
    expect((await tokenOf(valueOf(setCookies(third).get(NAME)))).error).toBeUndefined();
    expect(sent).toEqual([before.refreshToken, after.refreshToken]);
  });

  it('reads a chunked cookie and replaces the chunks it no longer needs', async () => {
    const { auth } = setup();
    const cookie = await signedInCookie();
    // A session big enough to be chunked, as next-auth writes it (.0, .1, ...).
    const big = await encode({ token: { ...(await tokenOf(cookie)), padding: 'x'.repeat(2 * CHUNK_SIZE) }, secret: SECRET });
    const count = Math.ceil(big.length / CHUNK_SIZE);
    expect(count).toBeGreaterThanOrEqual(3);
    const chunks = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${NAME}.${i}`, big.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)]),
    );
    server.clock.advance(ACCESS_TTL);
    const response = await withTesseraSession(auth.session)(request(chunks), event);
    const written = setCookies(response);
    expect(written.has(NAME)).toBe(false);
    const joined = Array.from({ length: written.size }, (_, i) => valueOf(written.get(`${NAME}.${i}`))).join('');
    expect((await tokenOf(joined)).padding).toBe('x'.repeat(2 * CHUNK_SIZE));
    expect(response.headers.get('x-middleware-request-cookie')).toContain(`${NAME}.0=`);
    // Shrinking: a small session now in one cookie expires every old chunk.
    const small = await encode({ token: await tokenOf(cookie), secret: SECRET });
    server.clock.advance(ACCESS_TTL);
    const shrunk = await withTesseraSession(auth.session)(
      request({ [`${NAME}.0`]: small.slice(0, 100), [`${NAME}.1`]: small.slice(100) }),
      event,
    );
    const after = setCookies(shrunk);
    expect(after.get(`${NAME}.0`)).toMatch(/Max-Age=0/);
    expect(after.get(`${NAME}.1`)).toMatch(/Max-Age=0/);
    expect(valueOf(after.get(NAME))).not.toBe('');
    expect(shrunk.headers.get('x-middleware-request-cookie')).toMatch(new RegExp(`^${NAME}=[^;]+$`));
  });

  it('uses the __Secure- cookie on https sites', async () => {
    const { auth } = setup({ secureCookie: true });
    const cookie = await signedInCookie();
    server.clock.advance(ACCESS_TTL);
    const response = await withTesseraSession(auth.session)(request({ [`__Secure-${NAME}`]: cookie }), event);
    const line = setCookies(response).get(`__Secure-${NAME}`);
    expect(line).toMatch(/;\s*Secure/i);
    expect(setCookies(response).has(NAME)).toBe(false);
  });

  it("adds the cookie to your middleware's own pass-through, rewrite or redirect response", async () => {
    const { auth } = setup();
    const responses: Array<TesseraMiddleware<TesseraUser>> = [
      () => NextResponse.next(),
      (req) => NextResponse.next({ request: { headers: new Headers({ 'x-extra': '1', cookie: req.headers.get('cookie') ?? '' }) } }),
      (req) => NextResponse.rewrite(new URL('/elsewhere', req.url)),
      (req) => NextResponse.redirect(new URL('/login', req.url)),
    ];
    for (const middleware of responses) {
      const cookie = await signedInCookie();
      server.clock.advance(ACCESS_TTL);
      const response = await withTesseraSession(auth.session, middleware)(request({ [NAME]: cookie }), event);
      const written = valueOf(setCookies(response).get(NAME));
      expect(written).not.toBe('');
      if (response.status === 307) continue; // a redirect forwards nothing downstream
      expect(response.headers.get('x-middleware-override-headers')!.split(',')).toContain('cookie');
      expect(response.headers.get('x-middleware-request-cookie')).toBe(`${NAME}=${written}`);
    }
  });

  it('persists a refusal, so the browser learns it and nothing replays the dead token', async () => {
    const { auth, sent } = setup();
    const cookie = await signedInCookie();
    const { refreshToken } = await tokenOf(cookie);
    await server.request('/auth/logout', { method: 'POST', json: { refresh_token: refreshToken } });
    server.clock.advance(ACCESS_TTL);
    let seen: unknown;
    const response = await withTesseraSession(auth.session, (_r, _e, session) => void (seen = session))(request({ [NAME]: cookie }), event);
    expect(seen).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    const written = await tokenOf(valueOf(setCookies(response).get(NAME)));
    expect(written).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    expect(written.refreshToken).toBeUndefined();
    await withTesseraSession(auth.session)(request({ [NAME]: valueOf(setCookies(response).get(NAME)) }), event);
    expect(sent).toHaveLength(1);
  });

  it('lets anonymous requests through', async () => {
    const { auth } = setup();
    let seen: unknown = 'unset';
    const response = await withTesseraSession(auth.session, (_r, _e, session) => void (seen = session))(request({}), event);
    expect(seen).toBeNull();
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

/** `cookies()` from next/headers in a route handler or server action, reduced to what the helpers use. */
function cookieStore(initial: Record<string, string>): CookieStore & { jar: Map<string, string>; options: Map<string, unknown> } {
  const jar = new Map(Object.entries(initial));
  const options = new Map<string, unknown>();
  return {
    jar,
    options,
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set(name, value, opts) {
      options.set(name, opts);
      if (value) jar.set(name, value);
      else jar.delete(name);
    },
  };
}

describe('session helpers for route handlers, server actions and Server Components', () => {
  let auth: TesseraAuth<TesseraUser>;
  beforeAll(() => {
    auth = setup().auth;
  });

  it('read() never refreshes (safe where cookies cannot be set)', async () => {
    const cookie = await signedInCookie();
    server.clock.advance(ACCESS_TTL);
    const store = cookieStore({ [NAME]: cookie });
    const session = await auth.session.read(store);
    expect(session).toMatchObject({ accessToken: (await tokenOf(cookie)).accessToken });
    expect(session).not.toHaveProperty('refreshToken');
    expect(store.options.size).toBe(0);
  });

  it('refresh() rotates and writes the new cookie into the store', async () => {
    const cookie = await signedInCookie();
    server.clock.advance(ACCESS_TTL);
    const store = cookieStore({ [NAME]: cookie });
    const session = await auth.session.refresh(store);
    const written = await tokenOf(store.jar.get(NAME)!);
    expect(session?.accessToken).toBe(written.accessToken);
    expect(written.refreshToken).not.toBe((await tokenOf(cookie)).refreshToken);
    expect(session).not.toHaveProperty('refreshToken');
  });

  it('signOut() revokes at the backend and expires the cookie', async () => {
    const cookie = await signedInCookie();
    const { refreshToken } = await tokenOf(cookie);
    const store = cookieStore({ [NAME]: cookie });
    await auth.session.signOut(store);
    expect(store.jar.has(NAME)).toBe(false);
    expect(store.options.get(NAME)).toMatchObject({ maxAge: 0, path: '/' });
    const replay = await server.request('/auth/refresh', { method: 'POST', json: { refresh_token: refreshToken } });
    expect(((await replay.json()) as { code: string }).code).toBe('session_revoked');
  });
});
