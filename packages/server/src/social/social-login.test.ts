// Social login end to end against real OpenID Connect providers (oidc-provider on loopback), on every dialect.
import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, generateKeyPair, importJWK, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromEnv, type TesseraOptions } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import { disableUser, enableUser } from '../admin/manage-user.js';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, refreshWithBody, registerWithBody, uniqueEmail, type TokenBody } from '../test/flows.js';
import { startTestProvider, type AuthorizeOptions, type TestProvider } from '../test/oidc-provider.js';
import { createTestServer, refreshCookieOf, type TestServer } from '../test/test-server.js';

/** A token response, as the OpenAPI document declares it. */
/** The part of the OpenAPI document these tests read. */
type OpenApiPaths = { paths: Record<string, Record<string, { responses: Record<string, unknown> } | undefined>> };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
const nonce = () => randomBytes(16).toString('base64url');
let accounts = 0;
/** A fresh account at a provider; returns its sub. */
const account = (provider: TestProvider, claims: { email?: string; email_verified?: boolean; name?: string }) => {
  const sub = `acct-${++accounts}-${randomBytes(3).toString('hex')}`;
  provider.accounts.set(sub, claims);
  return sub;
};

/** Environment naming two providers the way an operator would: Google (pointed at a local issuer) and a generic one. */
const socialEnv = (google: TestProvider, acme: TestProvider, extra: Record<string, string> = {}): TesseraOptions => {
  const env = optionsFromEnv({
    GOOGLE_CLIENT_ID: google.clients[0]!.clientId,
    GOOGLE_CLIENT_SECRET: google.clients[0]!.clientSecret,
    GOOGLE_ISSUER: google.issuer,
    OIDC_ACME_ISSUER: acme.issuer,
    OIDC_ACME_CLIENT_ID: acme.clients[0]!.clientId,
    OIDC_ACME_CLIENT_SECRET: acme.clients[0]!.clientSecret,
    OIDC_ACME_NAME: 'Acme SSO',
    ...extra,
  });
  return {
    socialProviders: env.socialProviders!,
    ...(env.socialLinkVerifiedEmails !== undefined ? { socialLinkVerifiedEmails: env.socialLinkVerifiedEmails } : {}),
  };
};

async function countRows(server: TestServer) {
  const { db } = await server.tessera.ready();
  const count = async (table: 'users' | 'social_identities' | 'sessions') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { users: await count('users'), identities: await count('social_identities'), sessions: await count('sessions') };
}

describe.each(dialects)('social login on %s', (dialect: Dialect) => {
  let google: TestProvider;
  let acme: TestProvider;
  let server: TestServer;

  const social = (provider: string, json: unknown, headers: Record<string, string> = { 'X-Token-Transport': 'body' }) =>
    server.request(`/auth/social/${provider}`, { method: 'POST', json, headers });
  const signIn = async (provider: string, json: unknown) => {
    const res = await social(provider, json);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as TokenBody & { refresh_token: string };
  };
  /** A nonce from Tessera, as a front end gets one before it asks the provider for an ID token. */
  const nonceFor = async (provider: string) => {
    const res = await server.request(`/auth/social/${provider}/nonce`, { method: 'POST' });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { nonce: string }).nonce;
  };
  /** An ID token obtained the documented way: with a nonce Tessera handed out (unless the test picks one). */
  const idTokenFor = async (provider: TestProvider, id: string, options: AuthorizeOptions) =>
    provider.idToken({ ...options, nonce: options.nonce ?? (await nonceFor(id)) });
  const me = async (accessToken: string) =>
    (await (await server.request('/auth/me', { headers: bearer(accessToken) })).json()) as Record<string, unknown>;
  /** Signs claims with Google's real signing key: the provider's own signature over claims it would never issue. */
  const signAsGoogle = async (claims: JWTPayload, header: Record<string, unknown> = {}) => {
    const key = google.signingKey as { kid: string; alg: string };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
      .sign(await importJWK(google.signingKey as JWK, key.alg));
  };
  const googleClaims = (overrides: JWTPayload = {}): JWTPayload => {
    const now = Math.floor(server.clock.now() / 1000);
    return {
      iss: google.issuer,
      aud: google.clients[0]!.clientId,
      sub: `forged-${randomBytes(4).toString('hex')}`,
      email: uniqueEmail(),
      email_verified: true,
      iat: now,
      exp: now + 3600,
      ...overrides,
    };
  };

  beforeAll(async () => {
    google = await startTestProvider({
      clients: [
        { clientId: 'tessera-web.apps.googleusercontent.test', clientSecret: 'google-client-secret' },
        { clientId: 'someone-elses-app', clientSecret: 'other-secret' },
      ],
    });
    acme = await startTestProvider({
      alg: 'ES256',
      clients: [{ clientId: 'tessera-acme', clientSecret: 'acme-client-secret', redirectUri: 'http://app.test/api/auth/callback/acme' }],
    });
    server = await createTestServer(dialect, socialEnv(google, acme));
  });
  afterAll(async () => {
    await server?.close();
    await google?.close();
    await acme?.close();
  });

  it('lists the configured providers with their authorization endpoints', async () => {
    const res = await server.request('/auth/social/providers');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      providers: [
        {
          id: 'google',
          name: 'Google',
          issuer: google.issuer,
          client_id: google.clients[0]!.clientId,
          authorization_endpoint: `${google.issuer}/auth`,
        },
        { id: 'acme', name: 'Acme SSO', issuer: acme.issuer, client_id: 'tessera-acme', authorization_endpoint: `${acme.issuer}/auth` },
      ],
    });
  });

  it('creates a user from a Google ID token and starts a session exactly as login does', async () => {
    const email = uniqueEmail();
    const sub = account(google, { email, email_verified: true, name: 'Grace Hopper' });
    const n = await nonceFor('google');
    const body = await signIn('google', { id_token: await idTokenFor(google, 'google', { login: sub, nonce: n }), nonce: n });
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, refresh_token: expect.any(String) });
    expect(body.user).toEqual({
      id: expect.any(String),
      email,
      name: 'Grace Hopper',
      email_verified: true,
      created_at: expect.any(String),
    });
    expect(await me(body.access_token)).toMatchObject({ id: body.user.id, providers: ['google'] });
    const sessions = (await (await server.request('/auth/sessions', { headers: bearer(body.access_token) })).json()) as {
      sessions: unknown[];
    };
    expect(sessions.sessions).toHaveLength(1);
    expect((await refreshWithBody(server, body.refresh_token)).status).toBe(200);
  });

  it('sends the refresh token as a cookie by default, like /login', async () => {
    const sub = account(google, { email: uniqueEmail(), email_verified: true });
    const res = await social('google', { id_token: await idTokenFor(google, 'google', { login: sub }) }, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(refreshCookieOf(res)).toMatch(/^[A-Za-z0-9_-]{70}$/);
    expect(((await res.json()) as Record<string, unknown>).refresh_token).toBeUndefined();
  });

  it('signs a returning identity in to the same user', async () => {
    const sub = account(google, { email: uniqueEmail(), email_verified: true });
    const first = await signIn('google', { id_token: await idTokenFor(google, 'google', { login: sub }) });
    const before = await countRows(server);
    const second = await signIn('google', { id_token: await idTokenFor(google, 'google', { login: sub }) });
    expect(second.user.id).toBe(first.user.id);
    const after = await countRows(server);
    expect(after.users).toBe(before.users);
    expect(after.identities).toBe(before.identities);
  });

  it('refuses a disabled account with 403 account_disabled, starting no session, until it is enabled', async () => {
    const sub = account(google, { email: uniqueEmail(), email_verified: true });
    const first = await signIn('google', { id_token: await idTokenFor(google, 'google', { login: sub }) });
    const core = await server.tessera.ready();
    await disableUser(core, first.user.id, 'test');
    const before = await countRows(server);
    await expectProblem(await social('google', { id_token: await idTokenFor(google, 'google', { login: sub }) }), 403, 'account_disabled');
    expect((await countRows(server)).sessions).toBe(before.sessions);
    await enableUser(core, first.user.id, 'test');
    expect((await signIn('google', { id_token: await idTokenFor(google, 'google', { login: sub }) })).user.id).toBe(first.user.id);
  });

  it('redeems an authorization code with PKCE and the client secret (generic provider, ES256)', async () => {
    const email = uniqueEmail();
    const sub = account(acme, { email, email_verified: true, name: 'Ada' });
    const n = nonce();
    const { code, codeVerifier, redirectUri } = await acme.authorize({ login: sub, nonce: n });
    const body = await signIn('acme', { code, code_verifier: codeVerifier, redirect_uri: redirectUri, nonce: n });
    expect(body.user).toMatchObject({ email, name: 'Ada', email_verified: true });
    expect(await me(body.access_token)).toMatchObject({ providers: ['acme'] });
    expect(acme.hits.get('/token')).toBeGreaterThanOrEqual(1);
    // The code is single-use at the provider: a second redemption is the caller's mistake, not a provider failure.
    await expectProblem(await social('acme', { code, code_verifier: codeVerifier, redirect_uri: redirectUri }), 400, 'invalid_grant');
  });

  it('refuses a code redeemed with the wrong PKCE verifier', async () => {
    const sub = account(acme, { email: uniqueEmail(), email_verified: true });
    const { code, redirectUri } = await acme.authorize({ login: sub });
    await expectProblem(await social('acme', { code, code_verifier: 'x'.repeat(43), redirect_uri: redirectUri }), 400, 'invalid_grant');
  });

  it('links a verified email to the existing account, which keeps its other providers', async () => {
    const email = uniqueEmail();
    const viaAcme = await signIn('acme', {
      id_token: await idTokenFor(acme, 'acme', { login: account(acme, { email, email_verified: true }) }),
    });
    const viaGoogle = await signIn('google', {
      id_token: await idTokenFor(google, 'google', { login: account(google, { email: email.toUpperCase(), email_verified: true }) }),
    });
    expect(viaGoogle.user.id).toBe(viaAcme.user.id);
    expect(await me(viaGoogle.access_token)).toMatchObject({ providers: ['acme', 'google'] });
    // The first session is untouched: the account's email was verified already, so nothing was distrusted.
    expect((await refreshWithBody(server, viaAcme.refresh_token)).status).toBe(200);
  });

  // Issue 10 item 1 (c): a provider asserting email_verified: true used to join a password account and strip its password.
  it('never joins a password account whose email is unverified, and leaves its password and sessions alone', async () => {
    const owner = await registerWithBody(server);
    const before = await countRows(server);
    const token = await idTokenFor(google, 'google', { login: account(google, { email: owner.email, email_verified: true }) });
    const body = await expectProblem(await social('google', { id_token: token }), 409, 'account_exists');
    expect(body.detail).toContain('sign in');
    const after = await countRows(server);
    expect(after.identities).toBe(before.identities);
    expect(after.sessions).toBe(before.sessions);
    // The owner's password still signs in, and the owner's session was not revoked.
    expect((await server.request('/auth/login', { method: 'POST', json: { email: owner.email, password: PASSWORD } })).status).toBe(200);
    expect((await refreshWithBody(server, owner.refreshToken)).status).toBe(200);
    expect(await me(owner.accessToken)).toMatchObject({ providers: [], email_verified: false });
  });

  // Issue 10 item 1 (a): the attacker's provider reports the victim's address without verifying it.
  it('refuses to create an account from an unverified email, so nobody can claim an address they do not own', async () => {
    const victimEmail = uniqueEmail();
    const before = await countRows(server);
    const token = await idTokenFor(acme, 'acme', { login: account(acme, { email: victimEmail, email_verified: false }) });
    await expectProblem(await social('acme', { id_token: token }), 403, 'email_not_verified');
    expect(await countRows(server)).toEqual(before);
    const { db } = await server.tessera.ready();
    expect(await db.selectFrom('users').select('id').where('email', '=', victimEmail).execute()).toEqual([]);
    // The victim's own verified sign-in later creates a fresh account that only the victim's identity opens.
    const victim = await signIn('google', {
      id_token: await idTokenFor(google, 'google', { login: account(google, { email: victimEmail, email_verified: true }) }),
    });
    expect(await me(victim.access_token)).toMatchObject({ email: victimEmail, email_verified: true, providers: ['google'] });
  });

  it('refuses an unverified email that matches an account with the same answer as one that does not (no enumeration)', async () => {
    const owner = await registerWithBody(server);
    const before = await countRows(server);
    const token = await idTokenFor(google, 'google', { login: account(google, { email: owner.email, email_verified: false }) });
    await expectProblem(await social('google', { id_token: token }), 403, 'email_not_verified');
    expect(await countRows(server)).toEqual(before);
    expect(await me(owner.accessToken)).toMatchObject({ providers: [] });
  });

  // Issue 10 item 1 (b): an account an attacker created from an unverified email before the fix (legacy state).
  it("never joins the victim's verified sign-in to an account an attacker created earlier from an unverified email", async () => {
    const { db } = await server.tessera.ready();
    const victimEmail = uniqueEmail();
    const attackerSub = account(acme, { email: victimEmail, email_verified: false });
    const at = server.clock.now();
    const attackerUserId = `legacy-${randomBytes(6).toString('hex')}`;
    await db
      .insertInto('users')
      .values({
        id: attackerUserId,
        email: victimEmail,
        password_hash: null,
        name: null,
        email_verified: 0,
        is_superuser: 0,
        custom: '{}',
        created_at: at,
        updated_at: at,
        notify_new_sign_in: 1,
      })
      .execute();
    await db
      .insertInto('social_identities')
      .values({
        id: `legacy-${attackerSub}`,
        user_id: attackerUserId,
        provider: 'acme',
        subject: attackerSub,
        email: victimEmail,
        created_at: at,
        last_used_at: at,
      })
      .execute();

    const before = await countRows(server);
    const victimToken = await idTokenFor(google, 'google', { login: account(google, { email: victimEmail, email_verified: true }) });
    await expectProblem(await social('google', { id_token: victimToken }), 409, 'account_exists');
    const after = await countRows(server);
    expect(after).toEqual(before);

    // The attacker signs in again: they land in their own account, which holds none of the victim's identities.
    const attacker = await signIn('acme', { id_token: await idTokenFor(acme, 'acme', { login: attackerSub }) });
    expect(attacker.user.id).toBe(attackerUserId);
    expect(await me(attacker.access_token)).toMatchObject({ providers: ['acme'], email_verified: false });
    expect(await db.selectFrom('social_identities').select('provider').where('user_id', '=', attackerUserId).execute()).toEqual([
      { provider: 'acme' },
    ]);
  });

  it('refuses to link when SOCIAL_LINK_VERIFIED_EMAILS=false', async () => {
    const strict = await createTestServer(dialect, socialEnv(google, acme, { SOCIAL_LINK_VERIFIED_EMAILS: 'false' }));
    try {
      const email = uniqueEmail();
      expect((await strict.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } })).status).toBe(201);
      // Verified, so only the setting can be what refuses.
      await (await strict.tessera.ready()).db.updateTable('users').set({ email_verified: 1 }).where('email', '=', email).execute();
      const issued = await strict.request('/auth/social/google/nonce', { method: 'POST' });
      const { nonce: n } = (await issued.json()) as { nonce: string };
      const token = await google.idToken({ login: account(google, { email, email_verified: true }), nonce: n });
      await expectProblem(
        await strict.request('/auth/social/google', { method: 'POST', json: { id_token: token } }),
        409,
        'account_exists',
      );
      expect((await countRows(strict)).identities).toBe(0);
    } finally {
      await strict.close();
    }
  });

  // Linking, and the last-method guard of unlinking: social-linking.test.ts.

  it('validates the body and the provider', async () => {
    const token = 'a.b.c';
    const bad = [
      {},
      { id_token: token, code: 'abc', code_verifier: 'v'.repeat(43), redirect_uri: 'http://app.test/cb' },
      { id_token: 42 },
      { code: 'abc' },
      { code: 'abc', code_verifier: 'short', redirect_uri: 'http://app.test/cb' },
      { code: 'abc', code_verifier: 'v'.repeat(43), redirect_uri: 'not a url' },
      { id_token: token, extra: true },
      { id_token: token, nonce: 7 },
    ];
    for (const json of bad) await expectProblem(await social('google', json), 400, 'validation_failed');
    await expectProblem(await social('github', { id_token: token }), 404, 'provider_not_configured');
  });

  describe('refuses forged and misused ID tokens', () => {
    it('issued to another client (aud)', async () => {
      const token = await idTokenFor(google, 'google', {
        login: account(google, { email: uniqueEmail(), email_verified: true }),
        client: google.clients[1]!,
      });
      expect(decode(token.split('.')[1]!).aud).toBe('someone-elses-app');
      await expectProblem(await social('google', { id_token: token }), 401, 'invalid_id_token');
    });

    it('from another issuer, or claiming another issuer with the right key', async () => {
      const fromAcme = await idTokenFor(acme, 'acme', { login: account(acme, { email: uniqueEmail(), email_verified: true }) });
      await expectProblem(await social('google', { id_token: fromAcme }), 401, 'invalid_id_token');
      const body = await expectProblem(
        await social('google', { id_token: await signAsGoogle(googleClaims({ iss: acme.issuer })) }),
        401,
        'invalid_id_token',
      );
      expect(body.detail).toContain('iss');
    });

    it('with several audiences and no azp naming us', async () => {
      const aud = [google.clients[0]!.clientId, 'someone-elses-app'];
      await expectProblem(await social('google', { id_token: await signAsGoogle(googleClaims({ aud })) }), 401, 'invalid_id_token');
      await expectProblem(
        await social('google', { id_token: await signAsGoogle(googleClaims({ aud, azp: 'someone-elses-app' })) }),
        401,
        'invalid_id_token',
      );
      expect(
        (
          await social('google', {
            id_token: await signAsGoogle(googleClaims({ aud, azp: google.clients[0]!.clientId, nonce: await nonceFor('google') })),
          })
        ).status,
      ).toBe(200);
    });

    it('expired by the server clock, or issued in the future', async () => {
      const token = await idTokenFor(google, 'google', { login: account(google, { email: uniqueEmail(), email_verified: true }) });
      const start = server.clock.now();
      server.clock.advance(2 * 3600_000);
      try {
        const body = await expectProblem(await social('google', { id_token: token }), 401, 'invalid_id_token');
        expect(body.detail).toContain('expired');
      } finally {
        server.clock.set(start);
      }
      const now = Math.floor(start / 1000);
      await expectProblem(
        await social('google', { id_token: await signAsGoogle(googleClaims({ iat: now + 3600, exp: now + 7200 })) }),
        401,
        'invalid_id_token',
      );
    });

    it('with alg none, or HS256 keyed with the public key', async () => {
      const token = await idTokenFor(google, 'google', { login: account(google, { email: uniqueEmail(), email_verified: true }) });
      const [h, p] = token.split('.');
      const header = decode(h!);
      await expectProblem(await social('google', { id_token: `${b64({ ...header, alg: 'none' })}.${p}.` }), 401, 'invalid_id_token');
      const jwks = (await (await fetch(`${google.issuer}/jwks`)).json()) as { keys: Array<Record<string, string>> };
      const input = `${b64({ ...header, alg: 'HS256' })}.${p}`;
      for (const secret of [JSON.stringify(jwks.keys[0]), jwks.keys[0]!.n!]) {
        await expectProblem(
          await social('google', { id_token: `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}` }),
          401,
          'invalid_id_token',
        );
      }
    });

    it('signed with a key the provider does not publish, without hammering its JWKS', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forge = (kid: string) => new SignJWT(googleClaims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
      // The provider's own kid: found, but the signature does not verify.
      await expectProblem(
        await social('google', { id_token: await forge((google.signingKey as { kid: string }).kid) }),
        401,
        'invalid_id_token',
      );
      const before = google.hits.get('/jwks') ?? 0;
      for (let i = 0; i < 5; i++) {
        const body = await expectProblem(await social('google', { id_token: await forge(`made-up-${i}`) }), 401, 'invalid_id_token');
        expect(body.detail).toContain('key');
      }
      // An unknown kid may refetch the set (key rotation) at most once per cooldown window.
      expect((google.hits.get('/jwks') ?? 0) - before).toBeLessThanOrEqual(1);
    });

    it('with tampered claims', async () => {
      const token = await idTokenFor(google, 'google', { login: account(google, { email: uniqueEmail(), email_verified: false }) });
      const [h, p, s] = token.split('.');
      const victim = await registerWithBody(server);
      const tampered = `${h}.${b64({ ...decode(p!), email: victim.email, email_verified: true })}.${s}`;
      await expectProblem(await social('google', { id_token: tampered }), 401, 'invalid_id_token');
      expect(await me(victim.accessToken)).toMatchObject({ providers: [] });
    });

    // Issue 10 item 8: one captured ID token used to give as many sessions as it was posted, until it expired.
    it('replayed three times: one session, not three', async () => {
      const token = await idTokenFor(google, 'google', { login: account(google, { email: uniqueEmail(), email_verified: true }) });
      const before = await countRows(server);
      await signIn('google', { id_token: token });
      for (let i = 0; i < 2; i++) {
        const body = await expectProblem(await social('google', { id_token: token }), 401, 'invalid_id_token');
        expect(body.detail).toContain('nonce');
      }
      expect((await countRows(server)).sessions - before.sessions).toBe(1);
    });

    it('replayed concurrently: exactly one of the requests gets a session', async () => {
      const token = await idTokenFor(google, 'google', { login: account(google, { email: uniqueEmail(), email_verified: true }) });
      const before = await countRows(server);
      const statuses = (await Promise.all([1, 2, 3].map(() => social('google', { id_token: token })))).map((r) => r.status);
      expect(statuses.sort()).toEqual([200, 401, 401]);
      expect((await countRows(server)).sessions - before.sessions).toBe(1);
    });

    it('without a nonce, or with one this server never issued', async () => {
      const sub = account(google, { email: uniqueEmail(), email_verified: true });
      const before = await countRows(server);
      const withoutNonce = await google.idToken({ login: sub });
      expect((await expectProblem(await social('google', { id_token: withoutNonce }), 401, 'invalid_id_token')).detail).toContain(
        '/auth/social/google/nonce',
      );
      const ownNonce = nonce();
      const madeUp = await google.idToken({ login: sub, nonce: ownNonce });
      await expectProblem(await social('google', { id_token: madeUp, nonce: ownNonce }), 401, 'invalid_id_token');
      expect(await countRows(server)).toEqual(before);
    });

    it('with a nonce issued for another provider, or expired', async () => {
      const forAcme = await nonceFor('acme');
      const sub = account(google, { email: uniqueEmail(), email_verified: true });
      await expectProblem(
        await social('google', { id_token: await google.idToken({ login: sub, nonce: forAcme }) }),
        401,
        'invalid_id_token',
      );
      const issued = await server.request('/auth/social/google/nonce', { method: 'POST' });
      const { nonce: stale, expires_in } = (await issued.json()) as { nonce: string; expires_in: number };
      expect(expires_in).toBe(600);
      const token = await google.idToken({ login: sub, nonce: stale });
      const start = server.clock.now();
      server.clock.advance(expires_in * 1000 + 1000);
      try {
        await expectProblem(await social('google', { id_token: token }), 401, 'invalid_id_token');
      } finally {
        server.clock.set(start);
      }
    });

    it('stores only a hash of the nonces it hands out', async () => {
      const n = await nonceFor('google');
      const { db } = await server.tessera.ready();
      const rows = await db.selectFrom('social_issued_nonces').select('id').execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.some((r) => r.id.includes(n))).toBe(false);
    });

    it('with a nonce other than the one sent, or none when one was sent', async () => {
      const withNonce = await idTokenFor(google, 'google', { login: account(google, { email: uniqueEmail(), email_verified: true }) });
      await expectProblem(await social('google', { id_token: withNonce, nonce: nonce() }), 401, 'invalid_id_token');
      const withoutNonce = await google.idToken({ login: account(google, { email: uniqueEmail(), email_verified: true }) });
      await expectProblem(await social('google', { id_token: withoutNonce, nonce: nonce() }), 401, 'invalid_id_token');
    });

    it('answers 404 for a nonce of a provider that is not configured', async () => {
      await expectProblem(await server.request('/auth/social/github/nonce', { method: 'POST' }), 404, 'provider_not_configured');
    });

    it('without an email claim', async () => {
      const body = await expectProblem(
        await social('google', { id_token: await idTokenFor(google, 'google', { login: account(google, {}) }) }),
        401,
        'invalid_id_token',
      );
      expect(body.detail).toContain('email');
    });
  });

  describe('when the provider fails', () => {
    let flaky: TestProvider;
    let flakyServer: TestServer;
    const post = (json: unknown) =>
      flakyServer.request('/auth/social/flaky', { method: 'POST', json, headers: { 'X-Token-Transport': 'body' } });
    const flakyToken = async () => {
      const { nonce: n } = (await (await flakyServer.request('/auth/social/flaky/nonce', { method: 'POST' })).json()) as { nonce: string };
      return flaky.idToken({ login: account(flaky, { email: uniqueEmail(), email_verified: true }), nonce: n });
    };

    beforeAll(async () => {
      flaky = await startTestProvider({ clients: [{ clientId: 'flaky-client', clientSecret: 'flaky-secret' }] });
      flakyServer = await createTestServer(dialect, {
        socialProviders: [{ id: 'flaky', issuer: flaky.issuer, clientId: 'flaky-client', clientSecret: 'flaky-secret' }],
      });
    });
    afterAll(async () => {
      await flakyServer?.close();
      await flaky?.close();
    });

    it('answers 502 provider_error while it is unreachable, writes nothing, and recovers after the retry window', async () => {
      const token = await flakyToken();
      flaky.mode = 'down';
      await expectProblem(await post({ id_token: token }), 502, 'provider_error');
      expect(await countRows(flakyServer)).toEqual({ users: 0, identities: 0, sessions: 0 });
      const listed = (await (await flakyServer.request('/auth/social/providers')).json()) as { providers: Array<Record<string, unknown>> };
      expect(listed.providers[0]).toMatchObject({ id: 'flaky', authorization_endpoint: null });
      flaky.mode = 'up';
      flakyServer.clock.advance(6000);
      expect((await post({ id_token: token })).status).toBe(200);
    });

    it('answers 502 when the token endpoint is down during a code exchange, writing nothing', async () => {
      const { code, codeVerifier, redirectUri } = await flaky.authorize({
        login: account(flaky, { email: uniqueEmail(), email_verified: true }),
      });
      const before = await countRows(flakyServer);
      flaky.mode = 'down';
      try {
        await expectProblem(await post({ code, code_verifier: codeVerifier, redirect_uri: redirectUri }), 502, 'provider_error');
      } finally {
        flaky.mode = 'up';
      }
      expect(await countRows(flakyServer)).toEqual(before);
    });

    it('answers 502 when discovery returns garbage', async () => {
      const other = await startTestProvider({ clients: [{ clientId: 'c', clientSecret: 's' }] });
      const token = await other.idToken({ login: account(other, { email: uniqueEmail(), email_verified: true }) });
      other.mode = 'garbage';
      const garbageServer = await createTestServer(dialect, { socialProviders: [{ id: 'other', issuer: other.issuer, clientId: 'c' }] });
      try {
        await expectProblem(
          await garbageServer.request('/auth/social/other', { method: 'POST', json: { id_token: token } }),
          502,
          'provider_error',
        );
        expect(await countRows(garbageServer)).toEqual({ users: 0, identities: 0, sessions: 0 });
      } finally {
        await garbageServer.close();
        await other.close();
      }
    });
  });

  it('documents the social routes in the OpenAPI document', async () => {
    const doc = (await (await server.request('/auth/openapi.json')).json()) as OpenApiPaths;
    expect(Object.keys(doc.paths['/auth/social/{provider}']!).sort()).toEqual(['delete', 'post']);
    expect(Object.keys(doc.paths['/auth/social/{provider}']!.post!.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '502',
      '503',
    ]);
    expect(doc.paths['/auth/social/providers']!.get).toBeDefined();
    expect(doc.paths['/auth/social/{provider}/nonce']!.post).toBeDefined();
  });
});
