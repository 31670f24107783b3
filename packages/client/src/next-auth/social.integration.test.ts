// Google (and a generic OIDC provider) through the real next-auth v4 handler: a local OpenID Connect provider stands
// in for Google, next-auth runs the code flow with a nonce Tessera issued, and the id_token is exchanged at Tessera's
// POST /auth/social/:provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from 'next-auth/jwt';
import * as googleModule from 'next-auth/providers/google';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { startTestProvider, type TestProvider } from '../../../server/src/test/oidc-provider.js';
import { enrolTotp, nextStep, totpCode } from '../../../server/src/test/mfa-flows.js';
import { createCookieJar, type CookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import { mfaChallengeOf } from './mfa-required-error.js';
import type { TesseraUser } from '../adapters/tessera.js';
import { interopDefault } from './interop.js';
import { oidcProvider, tesseraTokenRequest } from './oidc-provider.js';
import type { TesseraSession, TesseraToken } from './session-token.js';
import { tesseraSocialRequest } from './options.js';
import { createTesseraAuth } from './tessera-auth.js';

const GoogleProvider = interopDefault(googleModule.default as unknown as typeof googleModule.default.default);
const SECRET = 'next-auth-social-secret-0123456789abcdef';
process.env.NEXTAUTH_SECRET = SECRET;

let app: NextAuthApp;
let idp: TestProvider;
let server: TestServer;
let serial = 0;
let auth: ReturnType<typeof createTesseraAuth>;
let overrides: Parameters<typeof auth.authOptions>[0];
/** Every id_token the integration exchanged, in order, to replay them. */
const exchangedIdTokens: string[] = [];

beforeAll(async () => {
  app = await startNextAuthApp({ providers: [] });
  idp = await startTestProvider({
    clients: [
      {
        clientId: 'tessera-web.apps.googleusercontent.test',
        clientSecret: 'google-secret',
        redirectUri: `${app.url}/api/auth/callback/google`,
      },
      { clientId: 'tessera-acme', clientSecret: 'acme-secret', redirectUri: `${app.url}/api/auth/callback/acme` },
    ],
  });
  const [google, acme] = idp.clients as [TestProvider['clients'][number], TestProvider['clients'][number]];
  // The Next server (this process, on 127.0.0.1) is trusted: Tessera believes the user agent it forwards.
  server = await createTestServer('sqlite', {
    trustedProxies: ['127.0.0.1'],
    socialProviders: [
      { id: 'google', name: 'Google', issuer: idp.issuer, clientId: google.clientId },
      { id: 'acme', name: 'Acme SSO', issuer: idp.issuer, clientId: acme.clientId },
    ],
  });
  auth = createTesseraAuth({
    baseUrl: server.url,
    now: server.clock.now,
    socialRequest: (account) => {
      if (typeof account.id_token === 'string') exchangedIdTokens.push(account.id_token);
      return tesseraSocialRequest(account);
    },
  });
  overrides = {
    providers: [
      auth.credentials(),
      auth.mfa(),
      // next-auth's own Google provider, pointed at the local issuer instead of accounts.google.com; the code is
      // redeemed without next-auth's nonce check, which would refuse Tessera's nonce (it only knows nonces it made).
      GoogleProvider({
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        wellKnown: `${idp.issuer}/.well-known/openid-configuration`,
        token: { request: tesseraTokenRequest },
      }),
      oidcProvider({ id: 'acme', name: 'Acme SSO', issuer: idp.issuer, clientId: acme.clientId, clientSecret: acme.clientSecret }),
    ],
    logger: { error() {}, warn() {}, debug() {} },
  };
  app.options = auth.authOptions(overrides);
});
afterAll(async () => {
  await Promise.all([app?.close(), server?.close(), idp?.close()]);
});

/** A person at the identity provider. */
function person(claims: { email: string; email_verified: boolean; name?: string }): string {
  const sub = `person-${++serial}`;
  idp.accounts.set(sub, claims);
  return sub;
}

/** The browser: signIn(provider) → the provider's login (as `login`) → back to next-auth's callback. Returns where next-auth sent it. */
async function signInWith(jar: CookieJar, provider: string, login: string, withNonce = true): Promise<string> {
  const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  // What next-auth's signIn(provider, options, await socialSignInParams(provider)) sends.
  const params = withNonce ? `?${new URLSearchParams(await auth.socialSignInParams(provider))}` : '';
  const start = await jar.fetch(`${app.url}/api/auth/signin/${provider}${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${app.url}/dashboard`, json: 'true' }),
  });
  const authorization = new URL(((await start.json()) as { url: string }).url);
  expect(authorization.origin).toBe(idp.issuer);
  if (withNonce) expect(authorization.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
  // The test provider's login page signs in whoever login_hint names.
  authorization.searchParams.set('login_hint', login);
  const providerCookies = new Map<string, string>();
  let next = authorization.href;
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(`${app.url}/api/auth/callback/`)) {
      const done = await jar.fetch(next, { redirect: 'manual' });
      expect(done.status).toBe(302);
      return done.headers.get('location') ?? '';
    }
    const res = await fetch(next, {
      redirect: 'manual',
      headers: { cookie: [...providerCookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      providerCookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${next}: ${res.status}`);
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects');
}

async function session(jar: CookieJar): Promise<TesseraSession<TesseraUser>> {
  return (await (await jar.fetch(`${app.url}/api/auth/session`)).json()) as TesseraSession<TesseraUser>;
}

describe.each(['google', 'acme'])('%s sign-in through next-auth', (provider) => {
  it('exchanges the id_token at Tessera: the session carries Tessera tokens for a Tessera user', async () => {
    const email = `social-${provider}-${++serial}@example.com`;
    const jar = createCookieJar(app.url);
    expect(await signInWith(jar, provider, person({ email, email_verified: true, name: 'Grace Hopper' }))).toBe(`${app.url}/dashboard`);
    const current = await session(jar);
    expect(current).toMatchObject({ user: { email, name: 'Grace Hopper', email_verified: true } });
    const me = await server.request('/auth/me', { headers: { authorization: `Bearer ${current.accessToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { providers: string[] }).providers).toEqual([provider]);
    const token = (await decode({ token: jar.get('next-auth.session-token') ?? '', secret: SECRET })) as TesseraToken<TesseraUser>;
    expect(token.sub).toBe(current.user.id);
    expect(token.refreshToken).toMatch(/^[\w-]{70}$/);
    // From here on it is an ordinary Tessera session: it refreshes like a password sign-in.
    server.clock.advance(15 * 60_000);
    const refreshed = await session(jar);
    expect(refreshed.accessToken).not.toBe(current.accessToken);
    expect(refreshed).not.toHaveProperty('error');
  });
});

describe('social sign-in refused by Tessera', () => {
  it("redirects to the error page with Tessera's code (an email the provider did not verify)", async () => {
    const email = `taken-${++serial}@example.com`;
    expect(
      (await server.request('/auth/register', { method: 'POST', json: { email, password: 'correct horse battery staple' } })).status,
    ).toBe(201);
    const jar = createCookieJar(app.url);
    const location = await signInWith(jar, 'google', person({ email, email_verified: false }));
    expect(new URL(location).searchParams.get('error')).toBe('email_not_verified');
    expect(await session(jar)).toEqual({});
  });

  it('refuses a sign-in whose authorization request carried no Tessera nonce', async () => {
    const jar = createCookieJar(app.url);
    const location = await signInWith(jar, 'acme', person({ email: `no-nonce-${++serial}@example.com`, email_verified: true }), false);
    expect(new URL(location).searchParams.get('error')).toBe('invalid_id_token');
    expect(await session(jar)).toEqual({});
  });

  // Issue 10 item 8: the id_token next-auth exchanged, replayed at Tessera, must not open another session.
  it('refuses the exchanged id_token when it is replayed', async () => {
    const jar = createCookieJar(app.url);
    const before = exchangedIdTokens.length;
    await signInWith(jar, 'acme', person({ email: `replayed-${++serial}@example.com`, email_verified: true }));
    expect((await session(jar)).accessToken).toEqual(expect.any(String));
    const idToken = exchangedIdTokens[before]!;
    for (let i = 0; i < 2; i++) {
      const replay = await server.request('/auth/social/acme', {
        method: 'POST',
        json: { id_token: idToken },
        headers: { 'X-Token-Transport': 'body' },
      });
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { code: string }).code).toBe('invalid_id_token');
    }
  });
});

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** A browser with its own user agent: the Next server's calls to Tessera have another (Node's). */
function browser(): CookieJar {
  const jar = createCookieJar(app.url);
  return {
    ...jar,
    fetch: (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('user-agent', UA);
      return jar.fetch(input, { ...init, headers });
    },
  };
}

// Issue 13 item 7: the Google/OIDC exchange forwards the browser's user agent (options built per request), and
// Tessera, trusting the Next server, names the session after it rather than after Node.
describe.each(['google', 'acme'])('the device list after signing in with %s through next-auth', (provider) => {
  it('names the browser, not the Next server, and keeps the name through a refresh', async () => {
    app.options = (req) => auth.authOptions(overrides, { headers: req.headers });
    try {
      const jar = browser();
      expect(await signInWith(jar, provider, person({ email: `device-${provider}-${++serial}@example.com`, email_verified: true }))).toBe(
        `${app.url}/dashboard`,
      );
      const listed = async () => {
        const res = await server.request('/auth/sessions', { headers: { authorization: `Bearer ${(await session(jar)).accessToken}` } });
        return ((await res.json()) as { sessions: { id: string; user_agent: string | null; current: boolean }[] }).sessions.find(
          (s) => s.current,
        );
      };
      const first = await listed();
      expect(first).toMatchObject({ user_agent: UA });
      server.clock.advance(15 * 60_000);
      expect(await listed()).toEqual({ ...first, last_used_at: expect.any(String) });
    } finally {
      app.options = auth.authOptions(overrides);
    }
  });
});

describe('social sign-in with a second factor', () => {
  /** A Google user with TOTP on; answers the login hint and the secret. */
  async function enrolled(): Promise<{ login: string; secret: string }> {
    const login = person({ email: `social-mfa-${++serial}@example.com`, email_verified: true });
    const jar = browser();
    expect(await signInWith(jar, 'google', login)).toBe(`${app.url}/dashboard`);
    const { secret } = await enrolTotp(server, (await session(jar)).accessToken!);
    return { login, secret };
  }

  async function mfaStep(jar: CookieJar, login: string, secret: string): Promise<string> {
    const location = await signInWith(jar, 'google', login);
    const challenge = mfaChallengeOf(new URL(location).searchParams.get('error'));
    expect(challenge).toMatchObject({ mfaRequired: true, methods: ['totp', 'recovery_code'] });
    expect(await session(jar)).toEqual({});
    nextStep(server);
    const code = totpCode(secret, server.clock.now());
    return (await signInWithCredentials(app, jar, { mfa_token: challenge!.mfaToken, method: 'totp', code }, 'tessera-mfa')).url;
  }

  it('options built per request: the exchange carries the browser user agent, so the MFA step is the same client', async () => {
    const { login, secret } = await enrolled();
    app.options = (req) => auth.authOptions(overrides, { headers: req.headers });
    try {
      const jar = browser();
      expect(await mfaStep(jar, login, secret)).toBe(`${app.url}/dashboard`);
      expect((await session(jar)).accessToken).toEqual(expect.any(String));
    } finally {
      app.options = auth.authOptions(overrides);
    }
  });

  it('options without the request: the exchange has the Next server user agent, and the binding refuses the step', async () => {
    const { login, secret } = await enrolled();
    const jar = browser();
    expect(new URL(await mfaStep(jar, login, secret)).searchParams.get('error')).toBe('invalid_token');
    expect(await session(jar)).toEqual({});
  });
});
