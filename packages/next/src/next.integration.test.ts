// @tessera/next against a real Tessera (SQLite, on loopback), with real next/server NextRequest/NextResponse objects:
// the browser's cookies are carried by hand, the way a browser on the app's origin (http://app.test) would send them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server.js';
import { SignJWT, base64url, decodeJwt } from 'jose';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../server/src/test/test-server.js';
import { createTesseraNext, type TesseraNextOptions } from './index.js';
import { readCookie } from './cookies.js';

const PASSWORD = 'correct horse battery staple';
const TTL_MS = 900_000;

let server: TestServer;
let serial = 0;

beforeAll(async () => {
  // This test process is the Next server; it reaches Tessera from 127.0.0.1, which Tessera trusts as a proxy.
  server = await createTestServer('sqlite', { trustedProxies: ['127.0.0.1'] });
});
afterAll(() => server?.close());

/** An app whose upstream calls are recorded by path. */
function app(options: Partial<TesseraNextOptions> = {}) {
  const calls: string[] = [];
  const tessera = createTesseraNext({
    upstream: server.url,
    secureCookies: true,
    now: server.clock.now,
    fetch: (request) => {
      calls.push(new URL(request.url).pathname);
      return fetch(request);
    },
    ...options,
  });
  return { tessera, calls, refreshes: () => calls.filter((path) => path === '/auth/refresh').length };
}

/** The browser's cookie jar on the app's origin. */
type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
function keep(jar: Jar, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const [name = '', value = ''] = pair.split('=');
    if (/max-age=0/i.test(line) || !value) jar.delete(name);
    else jar.set(name, value);
  }
}

function appRequest(path: string, jar: Jar, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers);
  if (jar.size) headers.set('cookie', cookieHeader(jar));
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  headers.set('origin', TEST_ORIGIN);
  return new NextRequest(TEST_ORIGIN + path, {
    method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
}

async function signedIn(a: ReturnType<typeof app>, headers: Record<string, string> = {}): Promise<Jar> {
  const email = `next-${++serial}-${Date.now()}@example.com`;
  expect((await server.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } })).status).toBe(201);
  const jar: Jar = new Map();
  const response = await a.tessera.handlers.POST(appRequest('/auth/login', jar, { json: { email, password: PASSWORD }, headers }));
  expect(response.status).toBe(200);
  keep(jar, response);
  return jar;
}

/** The Cookie header Next forwards to the route after the proxy helper ran (x-middleware-request-cookie). */
const forwardedCookie = (response: Response) => response.headers.get('x-middleware-request-cookie');

describe('route handler: Tessera under the app origin', () => {
  it('relays a sign-in and sets the access, refresh and hint cookies first-party on Path=/', async () => {
    const a = app();
    const email = `relay-${Date.now()}@example.com`;
    await server.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } });
    const response = await a.tessera.handlers.POST(appRequest('/auth/login', new Map(), { json: { email, password: PASSWORD } }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; user: { email: string } };
    expect(body.user.email).toBe(email);
    const cookies = response.headers.getSetCookie();
    const of = (name: string) => cookies.find((line) => line.startsWith(`${name}=`));
    expect(of('tessera_access')).toBe(`tessera_access=${body.access_token}; Path=/; Max-Age=900; HttpOnly; SameSite=Lax; Secure`);
    expect(of('refresh_token')).toMatch(/^refresh_token=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
    expect(of('tessera_session')).toMatch(/^tessera_session=1; Path=\/; Max-Age=\d+; SameSite=Lax; Secure$/);
    expect(cookies.join('\n')).not.toMatch(/Domain=|Path=\/auth/);
  });

  it("answers the SDK's refresh from a fresh access cookie without rotating, and rotates once three quarters are spent", async () => {
    const a = app();
    const jar = await signedIn(a);
    const restore = () => a.tessera.handlers.POST(appRequest('/auth/refresh', jar, { json: {} }));
    const first = await restore();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { access_token: string }).access_token).toBe(jar.get('tessera_access'));
    expect(a.refreshes()).toBe(0);
    server.clock.advance(TTL_MS / 2);
    expect((await restore()).status).toBe(200);
    expect(a.refreshes()).toBe(0);
    server.clock.advance(TTL_MS / 4);
    const second = await restore();
    expect(second.status).toBe(200);
    keep(jar, second);
    expect(a.refreshes()).toBe(1);
    expect(((await second.json()) as { access_token: string }).access_token).toBe(jar.get('tessera_access'));
  });

  it('leaves a cross-site refresh to Tessera instead of answering it from the cookie', async () => {
    const a = app();
    const jar = await signedIn(a);
    const crossSite = appRequest('/auth/refresh', jar, { json: {} });
    crossSite.headers.set('sec-fetch-site', 'cross-site');
    await a.tessera.handlers.POST(crossSite);
    expect(a.refreshes()).toBe(1);
    const evil = appRequest('/auth/refresh', jar, { json: {} });
    evil.headers.set('origin', 'https://evil.example');
    const refused = await a.tessera.handlers.POST(evil);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('csrf_rejected');
  });

  it('clears all three cookies on sign-out', async () => {
    const a = app();
    const jar = await signedIn(a);
    const response = await a.tessera.handlers.POST(appRequest('/auth/logout', jar, { json: {} }));
    expect(response.status).toBe(204);
    keep(jar, response);
    expect([...jar.keys()]).toEqual([]);
  });
});

describe('proxy helper', () => {
  it('refreshes an expired access cookie once and writes the new cookies onto the forwarded request and the response', async () => {
    const a = app();
    const proxy = a.tessera.proxy({ protect: ['/server'] });
    const jar = await signedIn(a);
    const before = { access: jar.get('tessera_access'), refresh: jar.get('refresh_token') };
    server.clock.advance(TTL_MS + 1000);
    expect(await a.tessera.auth(appRequest('/server', jar))).toBeNull();

    const response = await proxy(appRequest('/server', jar));
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(a.refreshes()).toBe(1);
    keep(jar, response);
    expect(jar.get('tessera_access')).not.toBe(before.access);
    expect(jar.get('refresh_token')).not.toBe(before.refresh);
    // What this request's Server Components read is what the browser now holds.
    const downstream = forwardedCookie(response)!;
    expect(readCookie(downstream, 'tessera_access')).toBe(jar.get('tessera_access'));
    expect(readCookie(downstream, 'refresh_token')).toBe(jar.get('refresh_token'));
    const session = await a.tessera.getSession({ headers: { cookie: downstream } });
    expect(session?.user.email).toMatch(/^next-/);

    // The next request carries the fresh cookie: nothing to refresh.
    const next = await proxy(appRequest('/server', jar));
    expect(next.headers.getSetCookie()).toEqual([]);
    expect(a.refreshes()).toBe(1);
  });

  it('refreshes once for two concurrent requests with the same expired token, and the session lives on', async () => {
    const a = app();
    const proxy = a.tessera.proxy();
    const jar = await signedIn(a);
    server.clock.advance(TTL_MS + 1000);
    const [one, two] = await Promise.all([proxy(appRequest('/server/a', jar)), proxy(appRequest('/server/b', jar))]);
    expect(a.refreshes()).toBe(1);
    expect(one.headers.getSetCookie()).toEqual(two.headers.getSetCookie());
    // A third request with the replaced token, within refreshReuse, gets the same cookies with the lifetime left.
    const maxAge = (response: Response) =>
      Number(/Max-Age=(\d+)/.exec(response.headers.getSetCookie().find((line) => line.startsWith('tessera_access=')) ?? '')?.[1]);
    server.clock.advance(4000);
    const third = await proxy(appRequest('/server/c', jar));
    expect(readCookie(forwardedCookie(third), 'tessera_access')).toBe(readCookie(forwardedCookie(one), 'tessera_access'));
    expect(maxAge(third)).toBe(maxAge(one) - 4);
    expect(a.refreshes()).toBe(1);
    keep(jar, one);
    server.clock.advance(TTL_MS + 1000);
    const later = await proxy(appRequest('/server', jar));
    expect(readCookie(forwardedCookie(later), 'tessera_access')).toBeDefined();
    expect(a.refreshes()).toBe(2);
  });

  it("shares one refresh between a page request and the SDK's timer in the same process: one rotation, one access token", async () => {
    const a = app();
    const jar = await signedIn(a);
    server.clock.advance(TTL_MS + 1000);
    const [viaProxy, viaSdk] = await Promise.all([
      a.tessera.proxy()(appRequest('/server', jar)),
      a.tessera.handlers.POST(appRequest('/auth/refresh', jar, { json: {} })),
    ]);
    expect(a.refreshes()).toBe(1);
    expect(viaSdk.status).toBe(200);
    expect(viaSdk.headers.get('cache-control')).toBe('no-store');
    const body = (await viaSdk.json()) as Record<string, unknown>;
    // The refresh token stays in its HttpOnly cookie: never in what page scripts read.
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_at', 'expires_in', 'token_type', 'user']);
    const sdkJar: Jar = new Map();
    keep(sdkJar, viaSdk);
    expect(body.access_token).toBe(sdkJar.get('tessera_access'));
    expect(sdkJar.get('tessera_access')).toBe(readCookie(forwardedCookie(viaProxy), 'tessera_access'));
    expect(sdkJar.get('refresh_token')).toBe(readCookie(forwardedCookie(viaProxy), 'refresh_token'));
    expect(viaSdk.headers.getSetCookie().find((line) => line.startsWith('refresh_token='))).toMatch(/HttpOnly/i);

    // An SDK arriving later with the replaced token, within refreshReuse, gets the same answer, its lifetime told as
    // what is left of it; nothing reaches Tessera.
    server.clock.advance(4000);
    const late = await a.tessera.handlers.POST(appRequest('/auth/refresh', jar, { json: {} }));
    const lateBody = (await late.json()) as { access_token: string; expires_in: number; expires_at: number };
    expect(lateBody.access_token).toBe(body.access_token);
    expect(lateBody.expires_in).toBe(Math.floor((lateBody.expires_at - server.clock.now()) / 1000));
    expect(lateBody.expires_in).toBeLessThan(body.expires_in as number);
    expect(a.refreshes()).toBe(1);
  });

  it("hands Tessera's refusal of the SDK's refresh to the page, code and all, and clears the cookies", async () => {
    const a = app();
    const jar = await signedIn(a);
    const access = jar.get('tessera_access')!;
    expect((await server.request('/auth/logout-all', { method: 'POST', headers: { authorization: `Bearer ${access}` } })).status).toBe(204);
    server.clock.advance(TTL_MS + 1000);
    const refused = await a.tessera.handlers.POST(appRequest('/auth/refresh', jar, { json: {} }));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('session_revoked');
    keep(jar, refused);
    expect([...jar.keys()]).toEqual([]);
  });

  it('answers 502 upstream_unavailable, and keeps the cookies, when Tessera cannot be reached for the SDK', async () => {
    const a = app({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const jar: Jar = new Map([['refresh_token', 'an-opaque-token']]);
    const response = await a.tessera.handlers.POST(appRequest('/auth/refresh', jar, { json: {} }));
    expect(response.status).toBe(502);
    expect(((await response.json()) as { code: string }).code).toBe('upstream_unavailable');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('does not sign out when a second process refreshes the same token (the browser SDK racing the proxy helper)', async () => {
    const a = app({ refreshReuse: 0 });
    const jar = await signedIn(a);
    server.clock.advance(TTL_MS + 1000);
    // A second app with an in-process-style upstream: no shared flight, so Tessera sees the same refresh token twice.
    const b = app({
      refreshReuse: 0,
      upstream: async (request) =>
        fetch(new URL(new URL(request.url).pathname, server.url), {
          method: request.method,
          headers: request.headers,
          body: request.method === 'GET' ? null : await request.arrayBuffer(),
        }),
    });
    const [viaProxy, viaSdk] = await Promise.all([
      a.tessera.proxy()(appRequest('/server', jar)),
      b.tessera.handlers.POST(appRequest('/auth/refresh', jar, { json: {} })),
    ]);
    expect(viaSdk.status).toBe(200);
    // The SDK's request and the proxy helper's: Tessera answered both with the same successor.
    expect(a.refreshes()).toBe(1);
    const sdkCookies = new Map<string, string>();
    keep(sdkCookies, viaSdk);
    expect(sdkCookies.get('refresh_token')).toBe(readCookie(forwardedCookie(viaProxy), 'refresh_token'));
    expect(readCookie(forwardedCookie(viaProxy), 'tessera_access')).toBeDefined();
    keep(jar, viaProxy);
    server.clock.advance(TTL_MS + 1000);
    const later = await a.tessera.proxy()(appRequest('/server', jar));
    expect(readCookie(forwardedCookie(later), 'tessera_access')).toBeDefined();
  });

  it('redirects a signed-out visit of a protected path to sign-in with the way back, and lets public paths through', async () => {
    const proxy = app().tessera.proxy({ protect: ['/server', /^\/admin\b/], signInPath: '/login' });
    const response = await proxy(appRequest('/server/posts?page=2', new Map()));
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/login?next=%2Fserver%2Fposts%3Fpage%3D2`);
    expect((await proxy(appRequest('/admin', new Map()))).status).toBe(307);
    expect((await proxy(appRequest('/serverless', new Map()))).headers.get('x-middleware-next')).toBe('1');
    expect((await proxy(appRequest('/', new Map()))).headers.get('x-middleware-next')).toBe('1');
  });

  it('redirects and clears the cookies when Tessera refuses the refresh token (signed out elsewhere)', async () => {
    const a = app();
    const proxy = a.tessera.proxy({ protect: ['/server'] });
    const jar = await signedIn(a);
    const access = jar.get('tessera_access')!;
    expect((await server.request('/auth/logout-all', { method: 'POST', headers: { authorization: `Bearer ${access}` } })).status).toBe(204);
    server.clock.advance(TTL_MS + 1000);
    const response = await proxy(appRequest('/server', jar));
    expect(response.status).toBe(307);
    keep(jar, response);
    expect([...jar.keys()]).toEqual([]);
  });
});

describe('verification pins what the server pins', () => {
  async function token(a: ReturnType<typeof app>) {
    return (await signedIn(a)).get('tessera_access')!;
  }
  const withAccess = (value: string) => new Request(`${TEST_ORIGIN}/`, { headers: { cookie: `tessera_access=${value}` } });

  it('accepts the genuine token', async () => {
    const a = app();
    const claims = (await a.tessera.auth(withAccess(await token(a))))?.claims;
    expect(claims?.typ ?? claims?.sub).toBeDefined();
  });

  it('refuses a token whose payload was changed', async () => {
    const a = app();
    const [header, , signature] = (await token(a)).split('.');
    const payload = { ...decodeJwt(await token(a)), sub: 'someone-else' };
    const forged = `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
    expect(await a.tessera.auth(withAccess(forged))).toBeNull();
  });

  it('refuses alg none', async () => {
    const a = app();
    const payload = decodeJwt(await token(a));
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${base64url.encode(JSON.stringify(payload))}.`;
    expect(await a.tessera.auth(withAccess(none))).toBeNull();
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const a = app();
    const genuine = await token(a);
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { x: string }[] };
    const forged = await new SignJWT(decodeJwt(genuine))
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .sign(new TextEncoder().encode(jwks.keys[0]!.x));
    expect(await a.tessera.auth(withAccess(forged))).toBeNull();
  });

  it('refuses another audience, another issuer, and an algorithm other than the pinned one', async () => {
    const genuine = await token(app());
    expect(await app({ audience: 'another-api' }).tessera.auth(withAccess(genuine))).toBeNull();
    expect(await app({ issuer: 'https://evil.example' }).tessera.auth(withAccess(genuine))).toBeNull();
    expect(await app({ algorithms: ['ES256'] }).tessera.auth(withAccess(genuine))).toBeNull();
  });

  it('refuses an expired token', async () => {
    const a = app();
    const genuine = await token(a);
    server.clock.advance(TTL_MS);
    expect(await a.tessera.auth(withAccess(genuine))).toBeNull();
  });
});

describe('client address and user agent', () => {
  async function sessionOf(jar: Jar) {
    const response = await server.request('/auth/sessions', { headers: { authorization: `Bearer ${jar.get('tessera_access')}` } });
    const body = (await response.json()) as { sessions: { ip: string | null; user_agent: string | null; current: boolean }[] };
    return body.sessions.find((session) => session.current)!;
  }

  it('passes on the address the proxy in front appended, never what the browser wrote, and the User-Agent', async () => {
    const a = app({ clientAddress: 1 });
    const jar = await signedIn(a, { 'x-forwarded-for': '6.6.6.6, 203.0.113.66', 'user-agent': 'Browser/1.0' });
    expect(await sessionOf(jar)).toMatchObject({ ip: '203.0.113.66', user_agent: 'Browser/1.0' });
  });

  it("does not believe a browser's X-Forwarded-For when no proxy is configured (the default)", async () => {
    const a = app();
    const jar = await signedIn(a, { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.7', forwarded: 'for=6.6.6.8' });
    expect(await sessionOf(jar)).toMatchObject({ ip: '127.0.0.1' });
  });

  it("passes the vouched address and the User-Agent on the proxy helper's refresh, not the browser's header", async () => {
    const sent: Headers[] = [];
    const jar = await signedIn(app());
    const a = app({
      clientAddress: 1,
      fetch: (request) => {
        if (request.url.endsWith('/auth/refresh')) sent.push(new Headers(request.headers));
        return fetch(request);
      },
    });
    server.clock.advance(TTL_MS + 1000);
    const headers = { 'x-forwarded-for': '6.6.6.6, 203.0.113.2', 'user-agent': 'Browser/2.0' };
    const response = await a.tessera.proxy()(appRequest('/', jar, { headers }));
    expect(readCookie(forwardedCookie(response), 'tessera_access')).toBeDefined();
    expect(sent.map((h) => [h.get('x-forwarded-for'), h.get('user-agent')])).toEqual([['203.0.113.2', 'Browser/2.0']]);
  });
});
