// The application's in-process hooks through the real HTTP routes, on every dialect: beforeRegister refuses password
// registration and a first social sign-in with a clear problem (and nothing is written), a hook that throws is
// answered with a stable code, afterRegister runs after commit and cannot undo the registration, onEvent never throws.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, optionsFromEnv, resolveConfig } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import { TesseraError } from '../errors.js';
import { dialects } from '../test/databases.js';
import { expectProblem, PASSWORD, uniqueEmail, type TokenBody } from '../test/flows.js';
import { startTestProvider, type TestProvider } from '../test/oidc-provider.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import type { PublicUser } from '../users/user-store.js';
import type { WebhookEvent } from '../webhooks/webhook-event.js';
import type { RegistrationInput, TesseraHooks } from './hook-options.js';
import { refuse } from './hook-refusal.js';

type Logged = { level: string; message: string; fields: Record<string, unknown> | undefined };

describe.each(dialects)('hooks on %s', (dialect: Dialect) => {
  let server: TestServer;
  let acme: TestProvider;
  // The hooks given to the server delegate to these, so each test sets its own.
  let current: TesseraHooks = {};
  const logged: Logged[] = [];
  const logger = {
    info: (message: string, fields?: Record<string, unknown>) => logged.push({ level: 'info', message, fields }),
    warn: (message: string, fields?: Record<string, unknown>) => logged.push({ level: 'warn', message, fields }),
    error: (message: string, fields?: Record<string, unknown>) => logged.push({ level: 'error', message, fields }),
  };

  beforeAll(async () => {
    acme = await startTestProvider({ clients: [{ clientId: 'tessera-acme', clientSecret: 'acme-client-secret' }] });
    const social = optionsFromEnv({
      OIDC_ACME_ISSUER: acme.issuer,
      OIDC_ACME_CLIENT_ID: 'tessera-acme',
      OIDC_ACME_CLIENT_SECRET: 'acme-client-secret',
    }).socialProviders!;
    server = await createTestServer(dialect, {
      logger,
      socialProviders: social,
      userFields: { company: { type: 'string' } },
      hooks: {
        beforeRegister: async (input) => current.beforeRegister?.(input),
        afterRegister: async (user) => current.afterRegister?.(user),
        onEvent: async (event) => current.onEvent?.(event),
        claims: (user) => ({ plan: user.email.endsWith('@pro.example') ? 'pro' : 'free' }),
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await acme?.close();
  });
  beforeEach(() => {
    current = {};
    logged.length = 0;
  });

  const register = (email: string, extra: Record<string, unknown> = {}) =>
    server.request('/auth/register', {
      method: 'POST',
      json: { email, password: PASSWORD, name: 'Ada', ...extra },
      headers: { 'X-Token-Transport': 'body' },
    });
  const userExists = async (email: string) =>
    (await (
      await server.tessera.ready()
    ).db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst()) !== undefined;
  const socialSignIn = async (sub: string) => {
    const nonceRes = await server.request('/auth/social/acme/nonce', { method: 'POST' });
    const { nonce } = (await nonceRes.json()) as { nonce: string };
    return server.request('/auth/social/acme', {
      method: 'POST',
      json: { id_token: await acme.idToken({ login: sub, nonce }), nonce },
      headers: { 'X-Token-Transport': 'body' },
    });
  };
  /** A domain allowlist, the issue's example. */
  const allowlist =
    (seen: RegistrationInput[]): TesseraHooks['beforeRegister'] =>
    (input) => {
      seen.push(input);
      if (!input.email.endsWith('@allowed.example')) refuse('Only allowed.example addresses may register');
    };

  it('beforeRegister refuses a password registration with 403 registration_refused, and no account is made', async () => {
    const seen: RegistrationInput[] = [];
    current.beforeRegister = allowlist(seen);
    const email = uniqueEmail();
    const body = await expectProblem(await register(email), 403, 'registration_refused');
    expect(body.detail).toBe('Only allowed.example addresses may register');
    expect(await userExists(email)).toBe(false);

    const allowed = `Grace.${Date.now()}@Allowed.Example`;
    const res = await register(allowed, { company: 'Acme' });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(seen.at(-1)).toEqual({ email: allowed.toLowerCase(), name: 'Ada', method: 'password', custom: { company: 'Acme' } });
    // The hook decides on who, not on credentials: no password reaches it.
    expect(JSON.stringify(seen)).not.toContain(PASSWORD);
  });

  it('a refusal may answer 422 instead', async () => {
    current.beforeRegister = () => refuse('Use your work address', { status: 422 });
    const body = await expectProblem(await register(uniqueEmail()), 422, 'registration_refused');
    expect(body.detail).toBe('Use your work address');
  });

  it('a beforeRegister hook that throws refuses with 500 hook_failed and a detail, logging the error', async () => {
    current.beforeRegister = () => {
      throw new Error('connection to the CRM refused (crm.internal:5432)');
    };
    const email = uniqueEmail();
    const body = await expectProblem(await register(email), 500, 'hook_failed');
    expect(body.detail).toBe('The beforeRegister hook failed; the account was not created');
    // The app's own message is for its logs, not for the client.
    expect(JSON.stringify(body)).not.toContain('crm.internal');
    expect(logged).toContainEqual({
      level: 'error',
      message: 'beforeRegister hook failed; registration refused',
      fields: { method: 'password', error: 'connection to the CRM refused (crm.internal:5432)' },
    });
    expect(await userExists(email)).toBe(false);
  });

  it('a TesseraError thrown by beforeRegister is answered as it is', async () => {
    current.beforeRegister = () => {
      throw new TesseraError('rate_limited', 'Sign-ups are paused for a minute', { headers: { 'Retry-After': '60' } });
    };
    const res = await register(uniqueEmail());
    await expectProblem(res, 429, 'rate_limited');
    expect(res.headers.get('retry-after')).toBe('60');
  });

  it('afterRegister gets the committed user; its throw is logged and the registration stands', async () => {
    const users: Array<{ user: PublicUser; committed: boolean }> = [];
    current.afterRegister = async (user) => {
      // Read through the server's own database handle: the row is there, committed.
      const row = await (await server.tessera.ready()).db.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst();
      users.push({ user, committed: row !== undefined });
      throw new Error('profile service down');
    };
    const email = uniqueEmail();
    const res = await register(email, { company: 'Initech' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as TokenBody;
    expect(users).toHaveLength(1);
    expect(users[0]!.committed).toBe(true);
    expect(users[0]!.user).toMatchObject({ id: body.user.id, email, name: 'Ada', email_verified: false, company: 'Initech' });
    expect(logged.some((l) => l.level === 'error' && l.message === 'afterRegister hook failed; the registration stands')).toBe(true);
    expect(await userExists(email)).toBe(true);
  });

  it('beforeRegister and afterRegister run for a first social sign-in, and a refusal writes no account', async () => {
    const seen: RegistrationInput[] = [];
    const after: PublicUser[] = [];
    current.beforeRegister = allowlist(seen);
    current.afterRegister = (user) => {
      after.push(user);
    };
    const refusedEmail = uniqueEmail();
    acme.accounts.set('refused-sub', { email: refusedEmail, email_verified: true, name: 'Eve' });
    await expectProblem(await socialSignIn('refused-sub'), 403, 'registration_refused');
    expect(seen.at(-1)).toEqual({ email: refusedEmail, name: 'Eve', method: 'social', provider: 'acme', custom: {} });
    expect(await userExists(refusedEmail)).toBe(false);
    const identities = await (await server.tessera.ready()).db.selectFrom('social_identities').select('subject').execute();
    expect(identities.map((i) => i.subject)).not.toContain('refused-sub');
    expect(after).toEqual([]);

    const allowedEmail = `bob.${Date.now()}@allowed.example`;
    acme.accounts.set(`allowed-sub-${dialect}`, { email: allowedEmail, email_verified: true, name: 'Bob' });
    const res = await socialSignIn(`allowed-sub-${dialect}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(after.map((u) => u.email)).toEqual([allowedEmail]);
    // A second sign-in finds the account: no registration, no hooks.
    seen.length = 0;
    expect((await socialSignIn(`allowed-sub-${dialect}`)).status).toBe(200);
    expect(seen).toEqual([]);
    expect(after).toHaveLength(1);
  });

  it('the OpenAPI document lists the refusals of the routes that create accounts', async () => {
    type Doc = { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };
    const doc = (await (await server.request('/auth/openapi.json')).json()) as Doc;
    for (const op of [doc.paths['/auth/register']!.post!, doc.paths['/auth/social/{provider}']!.post!]) {
      expect(op.responses['403']!.description.split(', ')).toContain('registration_refused');
      expect(op.responses['422']!.description.split(', ')).toContain('registration_refused');
      expect(op.responses['500']!.description.split(', ')).toContain('hook_failed');
    }
  });

  it('hooks.claims adds claims to the access token', async () => {
    const res = await register(`carol.${Date.now()}@pro.example`);
    const body = (await res.json()) as TokenBody;
    expect(decodeJwt(body.access_token).plan).toBe('pro');
  });

  it('onEvent is called for an event, and its throw is logged, never thrown', async () => {
    const events: WebhookEvent[] = [];
    current.onEvent = (event) => {
      events.push(event);
      throw new Error('analytics down');
    };
    const event: WebhookEvent = {
      id: 'evt-1',
      type: 'login.succeeded',
      at: server.clock.now(),
      user_id: 'u1',
      session_id: 's1',
      ip: '127.0.0.1',
      user_agent: null,
      outcome: 'success',
      detail: {},
    };
    await expect((await server.tessera.ready()).hooks.onEvent(event)).resolves.toBeUndefined();
    expect(events).toEqual([event]);
    expect(logged).toContainEqual({
      level: 'error',
      message: 'onEvent hook failed',
      fields: { event: 'evt-1', type: 'login.succeeded', error: 'analytics down' },
    });
  });
});

describe('hooks options', () => {
  it('accept claims at the top level or under hooks, not both', () => {
    const claims = () => ({ plan: 'pro' });
    expect(resolveConfig({ claims }).claims).toBe(claims);
    expect(resolveConfig({ hooks: { claims } }).claims).toBe(claims);
    expect(() => resolveConfig({ claims, hooks: { claims } })).toThrow(ConfigError);
  });
});
