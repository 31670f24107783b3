// Passkeys over HTTP on both databases, with a software authenticator (test/soft-authenticator.ts) playing the
// browser: registration, discoverable sign-in, and each attack the ceremony must refuse.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../config/index.js';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, registerWithBody, type SignedIn, type TokenBody } from '../test/flows.js';
import { createSoftAuthenticator, type SoftAuthenticator, type SoftAuthenticatorOptions } from '../test/soft-authenticator.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../test/test-server.js';
import { CHALLENGE_TTL_MS } from './challenge-store.js';

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; amr?: string[]; auth_time?: number };

describe.each(dialects)('passkeys on %s', (dialect) => {
  let server: TestServer;
  const events: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
  const record = (message: string, fields?: Record<string, unknown>) => events.push({ message, fields });
  const logger: Logger = { info: record, warn: record, error: record };

  beforeAll(async () => {
    server = await createTestServer(dialect, { appUrl: TEST_ORIGIN, webauthnRpName: 'Tessera tests', logger });
  });
  afterAll(() => server?.close());

  const post = (path: string, json?: unknown, headers: Record<string, string> = {}) =>
    server.request(path, { method: 'POST', headers: { 'X-Token-Transport': 'body', ...headers }, ...(json === undefined ? {} : { json }) });

  const creationOptions = async (user: SignedIn) => {
    const res = await post('/auth/passkeys/register/options', undefined, bearer(user.accessToken));
    expect(res.status).toBe(200);
    return (await res.json()) as PublicKeyCredentialCreationOptionsJSON;
  };

  /** Signs a user up and registers a passkey of `authenticator` (a new device-bound one unless given). */
  const withPasskey = async (options: Partial<SoftAuthenticatorOptions> = {}) => {
    const user = await registerWithBody(server);
    const authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN, ...options });
    const response = authenticator.create(await creationOptions(user));
    const res = await post('/auth/passkeys/register/verify', { response, name: 'Laptop' }, bearer(user.accessToken));
    expect(res.status).toBe(201);
    const passkey = (await res.json()) as { id: string; name: string; created_at: string };
    return { user, authenticator, passkey };
  };

  const loginOptions = async () => {
    const res = await post('/auth/passkeys/login/options');
    expect(res.status).toBe(200);
    return (await res.json()) as PublicKeyCredentialRequestOptionsJSON;
  };

  const login = (response: AuthenticationResponseJSON) => post('/auth/passkeys/login/verify', { response });

  const signIn = async (authenticator: SoftAuthenticator) => login(authenticator.get(await loginOptions()));

  it('registers a discoverable passkey and signs in with it without an email', async () => {
    const user = await registerWithBody(server);
    const userId = claimsOf(user.accessToken).sub;
    const options = await creationOptions(user);
    // What a browser needs: base64url everywhere, a discoverable key, UV preferred, our RP.
    expect(options.rp).toEqual({ id: 'app.test', name: 'Tessera tests' });
    expect(options.user.id).toBe(Buffer.from(userId).toString('base64url'));
    expect(options.user.name).toBe(user.email);
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: 'preferred',
    });
    expect(options.attestation).toBe('none');
    expect(options.excludeCredentials).toEqual([]);
    // EdDSA, ES256, RS256 on every Node.js line: simplewebauthn's default would put ML-DSA-44 first on Node.js 24 only.
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);

    const authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN });
    const registered = await post(
      '/auth/passkeys/register/verify',
      { response: authenticator.create(options), name: 'YubiKey' },
      bearer(user.accessToken),
    );
    expect(registered.status).toBe(201);
    const passkey = (await registered.json()) as Record<string, unknown>;
    expect(passkey).toEqual({ id: authenticator.credentialIds()[0], name: 'YubiKey', created_at: expect.any(String) });

    const again = await creationOptions(user);
    expect(again.excludeCredentials).toEqual([{ id: passkey.id, type: 'public-key', transports: ['internal'] }]);

    const request = await loginOptions();
    expect(request.allowCredentials ?? []).toEqual([]);
    expect(request.userVerification).toBe('preferred');
    expect(request.rpId).toBe('app.test');
    const res = await login(authenticator.get(request));
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    expect(body.user.email).toBe(user.email);
    expect(body.refresh_token).toBeDefined();
    const claims = claimsOf(body.access_token);
    expect(claims.sub).toBe(userId);
    // A device-bound key with user verification: multi-factor on its own.
    expect(claims.amr).toEqual(['hwk', 'mfa', 'user']);
    expect(claims.auth_time).toBe(Math.floor(server.clock.now() / 1000));

    const list = await server.request('/auth/passkeys', { headers: bearer(user.accessToken) });
    expect(list.status).toBe(200);
    const { passkeys } = (await list.json()) as { passkeys: Array<Record<string, unknown>> };
    expect(passkeys).toEqual([
      {
        id: passkey.id,
        name: 'YubiKey',
        created_at: passkey.created_at,
        last_used_at: new Date(server.clock.now()).toISOString(),
        device_type: 'singleDevice',
        backed_up: false,
      },
    ]);
  });

  it('answers a synced passkey without user verification with swk alone', async () => {
    const { authenticator } = await withPasskey({ synced: true, counter: false });
    const res = await login(authenticator.get(await loginOptions(), { userVerification: false }));
    expect(res.status).toBe(200);
    expect(claimsOf(((await res.json()) as TokenBody).access_token).amr).toEqual(['swk']);
    // No counter (always 0) is fine while the stored one is 0 too.
    expect((await signIn(authenticator)).status).toBe(200);
  });

  it('refuses a replayed response, and of two concurrent uses of one challenge accepts one', async () => {
    const { authenticator } = await withPasskey();
    const response = authenticator.get(await loginOptions());
    expect((await login(response)).status).toBe(200);
    await expectProblem(await login(response), 401, 'invalid_code');

    const options = await loginOptions();
    const [first, second] = [authenticator.get(options), authenticator.get(options)];
    const statuses = (await Promise.all([login(first), login(second)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('refuses a challenge older than five minutes (our clock, not the library’s)', async () => {
    const { authenticator } = await withPasskey();
    const options = await loginOptions();
    server.clock.advance(CHALLENGE_TTL_MS + 1000);
    await expectProblem(await login(authenticator.get(options)), 401, 'invalid_code');
    expect((await signIn(authenticator)).status).toBe(200);
  });

  it('refuses a response made on another origin or for another RP ID, and a challenge it was not given', async () => {
    const { authenticator } = await withPasskey();
    await expectProblem(await login(authenticator.get(await loginOptions(), { origin: 'http://evil.test' })), 401, 'invalid_code');
    await expectProblem(await login(authenticator.get(await loginOptions(), { rpId: 'evil.test' })), 401, 'invalid_code');
    const invented = Buffer.alloc(32, 7).toString('base64url');
    await expectProblem(await login(authenticator.get(await loginOptions(), { challenge: invented })), 401, 'invalid_code');

    const user = await registerWithBody(server);
    const phished = authenticator.create(await creationOptions(user), { origin: 'http://evil.test' });
    await expectProblem(await post('/auth/passkeys/register/verify', { response: phished }, bearer(user.accessToken)), 401, 'invalid_code');
  });

  it('refuses an unknown credential with the same answer as a bad one', async () => {
    const stranger = createSoftAuthenticator({ origin: TEST_ORIGIN });
    // A key the server never saw, signing a genuine login challenge.
    stranger.create({ ...(await creationOptions(await registerWithBody(server))) });
    const unknown = await login(stranger.get(await loginOptions()));
    const body = await expectProblem(unknown, 401, 'invalid_code');
    expect(body.detail).toBe('The passkey response could not be verified');
  });

  it('refuses a cloned authenticator whose counter did not increase, logs it, and leaves the passkey working', async () => {
    const { user, authenticator, passkey } = await withPasskey();
    expect((await signIn(authenticator)).status).toBe(200); // counter 1
    const clone = authenticator.clone();
    expect((await signIn(authenticator)).status).toBe(200); // counter 2
    events.length = 0;
    await expectProblem(await signIn(clone), 401, 'invalid_code'); // the copy also says 2
    expect(events).toContainEqual({
      message: 'security: passkey_counter_regression',
      fields: expect.objectContaining({
        userId: claimsOf(user.accessToken).sub,
        passkeyId: passkey.id,
        storedCounter: 2,
        receivedCounter: 2,
      }),
    });
    expect((await signIn(authenticator)).status).toBe(200); // counter 3: the original still works
  });

  it('binds the registration challenge to the session that asked for it', async () => {
    const user = await registerWithBody(server);
    const otherSession = (await (
      await server.request('/auth/login', {
        method: 'POST',
        json: { email: user.email, password: 'correct horse battery' },
        headers: { 'X-Token-Transport': 'body' },
      })
    ).json()) as TokenBody;
    const response = createSoftAuthenticator({ origin: TEST_ORIGIN }).create(await creationOptions(user));
    await expectProblem(await post('/auth/passkeys/register/verify', { response }, bearer(otherSession.access_token)), 401, 'invalid_code');
    // A login challenge is not a registration challenge either.
    const loginChallenge = (await loginOptions()).challenge;
    const wrongPurpose = createSoftAuthenticator({ origin: TEST_ORIGIN }).create(await creationOptions(user), {
      challenge: loginChallenge,
    });
    await expectProblem(
      await post('/auth/passkeys/register/verify', { response: wrongPurpose }, bearer(user.accessToken)),
      401,
      'invalid_code',
    );
  });

  it('needs a recent authentication to register or remove a passkey, not to list or rename', async () => {
    const { user, authenticator, passkey } = await withPasskey();
    const fresh = await creationOptions(user);
    server.clock.advance(11 * 60_000);
    await expectProblem(
      await post('/auth/passkeys/register/options', undefined, bearer(user.accessToken)),
      401,
      'reauthentication_required',
    );
    const late = await post('/auth/passkeys/register/verify', { response: authenticator.create(fresh) }, bearer(user.accessToken));
    await expectProblem(late, 401, 'reauthentication_required');
    const removal = await server.request(`/auth/passkeys/${passkey.id}`, { method: 'DELETE', headers: bearer(user.accessToken) });
    await expectProblem(removal, 401, 'reauthentication_required');
    const renamed = await server.request(`/auth/passkeys/${passkey.id}`, {
      method: 'PATCH',
      headers: bearer(user.accessToken),
      json: { name: 'Phone' },
    });
    expect(renamed.status).toBe(200);
  });

  it('renames, lists and removes only the caller’s own passkeys', async () => {
    const { user, authenticator, passkey } = await withPasskey();
    const other = await withPasskey();
    const renamed = await server.request(`/auth/passkeys/${passkey.id}`, {
      method: 'PATCH',
      headers: bearer(user.accessToken),
      json: { name: '  Work laptop ' },
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ id: passkey.id, name: 'Work laptop' });
    await expectProblem(
      await server.request(`/auth/passkeys/${other.passkey.id}`, {
        method: 'PATCH',
        headers: bearer(user.accessToken),
        json: { name: 'Mine' },
      }),
      404,
      'not_found',
    );
    await expectProblem(
      await server.request(`/auth/passkeys/${other.passkey.id}`, { method: 'DELETE', headers: bearer(user.accessToken) }),
      404,
      'not_found',
    );
    const list = (await (await server.request('/auth/passkeys', { headers: bearer(user.accessToken) })).json()) as {
      passkeys: Array<Record<string, unknown>>;
    };
    expect(list.passkeys.map((p) => p.id)).toEqual([passkey.id]);
    expect(JSON.stringify(list)).not.toMatch(/public_key|counter/);

    events.length = 0;
    const removed = await server.request(`/auth/passkeys/${passkey.id}`, { method: 'DELETE', headers: bearer(user.accessToken) });
    expect(removed.status).toBe(204);
    expect(events.map((e) => e.message)).toContain('security: passkey.removed');
    const after = (await (await server.request('/auth/passkeys', { headers: bearer(user.accessToken) })).json()) as { passkeys: unknown[] };
    expect(after.passkeys).toEqual([]);
    // Gone for sign-in too.
    await expectProblem(await signIn(authenticator), 401, 'invalid_code');
  });

  it('refuses to remove the last passkey of an account with no other way in', async () => {
    const { user, authenticator, passkey } = await withPasskey();
    const { db } = await server.tessera.ready();
    const userId = claimsOf(user.accessToken).sub;
    await db.updateTable('users').set({ password_hash: null, email_verified: 0 }).where('id', '=', userId).execute();
    const remove = (id: string) => server.request(`/auth/passkeys/${id}`, { method: 'DELETE', headers: bearer(user.accessToken) });
    await expectProblem(await remove(passkey.id), 409, 'last_sign_in_method');

    // With a second passkey, either may go, but not both.
    const second = authenticator.create(await creationOptions(user));
    expect((await post('/auth/passkeys/register/verify', { response: second }, bearer(user.accessToken))).status).toBe(201);
    const statuses = (await Promise.all([remove(passkey.id), remove(second.id)])).map((r) => r.status).sort();
    expect(statuses).toEqual([204, 409]);

    // A verified email is a way in while account emails are on (sign-in-methods.ts).
    await db.updateTable('users').set({ email_verified: 1 }).where('id', '=', userId).execute();
    const left = (await (await server.request('/auth/passkeys', { headers: bearer(user.accessToken) })).json()) as {
      passkeys: Array<{ id: string }>;
    };
    expect((await remove(left.passkeys[0]!.id)).status).toBe(204);
  });

  it('refuses a user handle that is not the credential owner’s', async () => {
    const { authenticator } = await withPasskey();
    const other = await registerWithBody(server);
    const response = authenticator.get(await loginOptions());
    const forged = {
      ...response,
      response: { ...response.response, userHandle: Buffer.from(claimsOf(other.accessToken).sub).toString('base64url') },
    };
    await expectProblem(await login(forged), 401, 'invalid_code');
  });

  it('with EMAIL_VERIFICATION=required, signs in no unverified account (after the passkey proved the caller)', async () => {
    const strict = await createTestServer(dialect, { appUrl: TEST_ORIGIN, emailVerification: 'required' });
    try {
      const { db } = await strict.tessera.ready();
      const email = `strict${Date.now()}@example.com`;
      await strict.request('/auth/register', { method: 'POST', json: { email, password: 'correct horse battery' } });
      await db.updateTable('users').set({ email_verified: 1 }).where('email', '=', email).execute();
      const signedIn = (await (
        await strict.request('/auth/login', {
          method: 'POST',
          json: { email, password: 'correct horse battery' },
          headers: { 'X-Token-Transport': 'body' },
        })
      ).json()) as TokenBody;
      const authenticator = createSoftAuthenticator({ origin: TEST_ORIGIN });
      const options = (await (
        await strict.request('/auth/passkeys/register/options', { method: 'POST', headers: bearer(signedIn.access_token) })
      ).json()) as PublicKeyCredentialCreationOptionsJSON;
      const registered = await strict.request('/auth/passkeys/register/verify', {
        method: 'POST',
        headers: bearer(signedIn.access_token),
        json: { response: authenticator.create(options) },
      });
      expect(registered.status).toBe(201);
      await db.updateTable('users').set({ email_verified: 0 }).where('email', '=', email).execute();
      const request = (await (
        await strict.request('/auth/passkeys/login/options', { method: 'POST' })
      ).json()) as PublicKeyCredentialRequestOptionsJSON;
      const res = await strict.request('/auth/passkeys/login/verify', { method: 'POST', json: { response: authenticator.get(request) } });
      await expectProblem(res, 403, 'email_unverified');
    } finally {
      await strict.close();
    }
  });

  it('logs a registration without the key', async () => {
    events.length = 0;
    const { user, passkey } = await withPasskey();
    const added = events.find((e) => e.message === 'security: passkey.added');
    expect(added?.fields).toMatchObject({
      user_id: claimsOf(user.accessToken).sub,
      ip: expect.any(String),
      detail: { passkey_id: passkey.id },
    });
    expect(JSON.stringify(added?.fields)).not.toContain('public_key');
  });

  it('refuses a key of an algorithm it did not offer', async () => {
    const user = await registerWithBody(server);
    const es384 = createSoftAuthenticator({ origin: TEST_ORIGIN, curve: 'P-384' });
    const response = es384.create(await creationOptions(user));
    await expectProblem(await post('/auth/passkeys/register/verify', { response }, bearer(user.accessToken)), 401, 'invalid_code');
    const listed = await server.request('/auth/passkeys', { headers: bearer(user.accessToken) });
    expect(((await listed.json()) as { passkeys: unknown[] }).passkeys).toEqual([]);
  });

  it('refuses a malformed response as a validation error, not a server error', async () => {
    await expectProblem(await login({ id: 'x' } as unknown as AuthenticationResponseJSON), 400, 'validation_failed');
    const options = await loginOptions();
    const { authenticator } = await withPasskey();
    const response = authenticator.get(options);
    const garbled = { ...response, response: { ...response.response, clientDataJSON: Buffer.from('not json').toString('base64url') } };
    await expectProblem(await login(garbled), 401, 'invalid_code');
  });
});

// Anonymous challenges are rows: one address cannot fill the table. The test process is the trusted proxy and names
// the client in X-Forwarded-For, so one test is two clients.
describe('passkey sign-in options per address', () => {
  let server: TestServer;
  const lines: Array<[string, unknown]> = [];
  const logger: Logger = { info: () => {}, warn: (message, fields) => lines.push([message, fields]), error: () => {} };
  beforeAll(async () => {
    server = await createTestServer('sqlite', { appUrl: TEST_ORIGIN, passkeyOptionsMaxPerIp: 3, trustedProxies: ['127.0.0.1'], logger });
  });
  afterAll(() => server?.close());

  const options = (from: string) =>
    server.request('/auth/passkeys/login/options', { method: 'POST', headers: { 'X-Forwarded-For': from } });

  it('answers 429 with Retry-After past PASSKEY_OPTIONS_MAX_PER_IP a minute, and logs it; other addresses go on', async () => {
    for (let i = 0; i < 3; i++) expect((await options('203.0.113.7')).status).toBe(200);
    const refused = await options('203.0.113.7');
    await expectProblem(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(lines).toEqual([['security: passkey_options_throttled', { ip: '203.0.113.7', retryAfter }]]);
    expect((await options('198.51.100.2')).status).toBe(200);
  });
});
