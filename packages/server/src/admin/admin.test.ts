// The admin API over HTTP on both databases: who may call it, each verb, and what disabling and impersonating do
// to the user's sessions and sign-ins.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { dialects } from '../test/databases.js';
import {
  bearer,
  expectProblem,
  PASSWORD,
  refreshWithBody,
  registerWithBody,
  uniqueEmail,
  type SignedIn,
  type TokenBody,
} from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

interface AdminUserBody {
  id: string;
  email: string;
  disabled: boolean;
  email_verified: boolean;
  is_superuser: boolean;
}

describe.each(dialects)('admin API on %s', (dialect) => {
  let server: TestServer;
  let core: Core;
  let admin: SignedIn;
  let adminId: string;

  beforeAll(async () => {
    server = await createTestServer(dialect, { reauthMaxAge: '10m' });
    core = await server.tessera.ready();
  });
  afterAll(() => server?.close());
  // Fresh for each test: some move the clock past the recent-sign-in window.
  beforeEach(async () => {
    admin = await signInSuperuser();
    adminId = claimsOf(admin.accessToken).sub as string;
  });

  async function signInSuperuser(): Promise<SignedIn> {
    const email = uniqueEmail();
    await core.users.insert({ email, passwordHash: await core.hasher.hash(PASSWORD), isSuperuser: true, emailVerified: true });
    return login(email);
  }

  async function login(email: string, password = PASSWORD): Promise<SignedIn> {
    const res = await loginResponse(email, password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    return { email, accessToken: body.access_token, refreshToken: body.refresh_token!, body };
  }

  const loginResponse = (email: string, password = PASSWORD) =>
    server.request('/auth/login', { method: 'POST', json: { email, password }, headers: { 'X-Token-Transport': 'body' } });

  const call = (method: string, path: string, token?: string, json?: unknown) =>
    server.request(path, { method, ...(token ? { headers: bearer(token) } : {}), ...(json !== undefined ? { json } : {}) });

  /** Every admin operation of the OpenAPI document, with a real user id in its path. */
  async function adminOperations(userId: string): Promise<Array<{ method: string; path: string; json?: unknown }>> {
    const doc = (await (await server.request('/auth/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/auth/admin/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({
          method: method.toUpperCase(),
          path: path.replace('{id}', userId),
          ...(method === 'patch' ? { json: { email_verified: true } } : {}),
        })),
      );
    expect(operations.length).toBeGreaterThanOrEqual(8);
    return operations;
  }

  it('answers 401 without a token and 403 forbidden to a normal user on every admin route', async () => {
    const user = await registerWithBody(server);
    const victim = await registerWithBody(server);
    const victimId = victim.body.user.id;
    for (const op of await adminOperations(victimId)) {
      await expectProblem(await call(op.method, op.path, undefined, op.json), 401, 'invalid_token');
      await expectProblem(await call(op.method, op.path, user.accessToken, op.json), 403, 'forbidden');
    }
    // Nothing happened to the victim.
    expect((await call('GET', '/auth/me', victim.accessToken)).status).toBe(200);
  });

  it('reads the superuser flag at each request: a demoted admin loses access with the token they hold', async () => {
    const other = await signInSuperuser();
    const otherId = claimsOf(other.accessToken).sub as string;
    expect((await call('GET', '/auth/admin/users', other.accessToken)).status).toBe(200);
    await core.db.updateTable('users').set({ is_superuser: 0 }).where('id', '=', otherId).execute();
    await expectProblem(await call('GET', '/auth/admin/users', other.accessToken), 403, 'forbidden');
  });

  it('needs a recent sign-in for every change, not for reads', async () => {
    const stale = await signInSuperuser();
    const target = await registerWithBody(server);
    server.clock.advance(11 * 60_000);
    const refreshed = (await (await refreshWithBody(server, stale.refreshToken)).json()) as TokenBody;
    const token = refreshed.access_token;
    for (const op of await adminOperations(target.body.user.id)) {
      const res = await call(op.method, op.path, token, op.json);
      if (op.method === 'GET') expect(res.status).toBe(200);
      else await expectProblem(res, 401, 'reauthentication_required');
    }
    expect((await call('GET', '/auth/me', target.accessToken)).status).toBe(200);
  });

  it('lists users a page at a time with an opaque cursor, ending with next_cursor null', async () => {
    const prefix = `page${Date.now()}`;
    const emails = [];
    for (let i = 0; i < 5; i++) {
      server.clock.advance(1);
      emails.push((await registerWithBody(server, `${prefix}-${i}@example.com`)).email);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?q=${prefix.toUpperCase()}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call('GET', `/auth/admin/users${query}`, admin.accessToken);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { users: AdminUserBody[]; next_cursor: string | null };
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((u) => u.email));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(emails);
  });

  it('filters by status and creation range, defaults to 50, and refuses bad parameters', async () => {
    const prefix = `filter${Date.now()}`;
    const before = new Date(server.clock.now()).toISOString();
    server.clock.advance(1000);
    const a = await registerWithBody(server, `${prefix}-a@example.com`);
    server.clock.advance(1);
    const b = await registerWithBody(server, `${prefix}-b@example.com`);
    await core.db.updateTable('users').set({ email_verified: 1 }).where('id', '=', a.body.user.id).execute();
    await core.db.updateTable('users').set({ disabled_at: server.clock.now() }).where('id', '=', b.body.user.id).execute();
    const list = async (query: string) => {
      const res = await call('GET', `/auth/admin/users?q=${prefix}&${query}`, admin.accessToken);
      expect(res.status).toBe(200);
      return ((await res.json()) as { users: AdminUserBody[] }).users.map((u) => u.email);
    };
    expect(await list('status=active')).toEqual([a.email]);
    expect(await list('status=disabled')).toEqual([b.email]);
    expect(await list('status=unverified')).toEqual([b.email]);
    expect(await list(`created_after=${before}`)).toEqual([a.email, b.email]);
    expect(await list(`created_before=${before}`)).toEqual([]);
    // A LIKE wildcard in the prefix is a literal character, not "anything".
    expect((await (await call('GET', '/auth/admin/users?q=%25', admin.accessToken)).json()) as { users: unknown[] }).toEqual({
      users: [],
      next_cursor: null,
    });

    for (let i = 0; i < 51; i++) await core.users.insert({ email: `${prefix}-bulk${i}@example.com`, passwordHash: null });
    const page = (await (await call('GET', `/auth/admin/users?q=${prefix}-bulk`, admin.accessToken)).json()) as {
      users: unknown[];
      next_cursor: string | null;
    };
    expect(page.users).toHaveLength(50);
    expect(page.next_cursor).not.toBeNull();

    for (const bad of ['limit=0', 'limit=201', 'limit=x', 'status=gone', 'cursor=nonsense', 'created_after=yesterday']) {
      await expectProblem(await call('GET', `/auth/admin/users?${bad}`, admin.accessToken), 400, 'validation_failed');
    }
  });

  it('shows one user with sessions, identities, factors and events, and 404 for an unknown id', async () => {
    const user = await registerWithBody(server);
    const id = user.body.user.id;
    const at = server.clock.now();
    await core.db
      .insertInto('social_identities')
      .values({ id: `i-${id}`, user_id: id, provider: 'google', subject: 'sub-1', email: user.email, created_at: at, last_used_at: at })
      .execute();
    const res = await call('GET', `/auth/admin/users/${id}`, admin.accessToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & { user: AdminUserBody; sessions: Array<Record<string, unknown>> };
    expect(body.user).toMatchObject({ id, email: user.email, disabled: false, is_superuser: false });
    expect(body.sessions).toHaveLength(1);
    expect(body.sessions[0]).toMatchObject({ id: claimsOf(user.accessToken).sid, ip: '127.0.0.1', impersonated_by: null });
    expect(body.identities).toEqual([expect.objectContaining({ provider: 'google', subject: 'sub-1', email: user.email })]);
    expect(body.factors).toEqual([]);
    expect((body.events as Array<{ type: string }>).map((event) => event.type)).toContain('user.registered');
    await expectProblem(await call('GET', '/auth/admin/users/no-such-user', admin.accessToken), 404, 'not_found');
    await expectProblem(await call('POST', '/auth/admin/users/no-such-user/disable', admin.accessToken), 404, 'not_found');
  });

  it('disable stops the live session at once and refuses login and refresh with account_disabled; enable restores login', async () => {
    const user = await registerWithBody(server);
    const id = user.body.user.id;
    const authenticate = () => server.tessera.authenticate(new Request('http://x/', { headers: bearer(user.accessToken) }));
    await expect(authenticate()).resolves.toMatchObject({ sub: id });

    const res = await call('POST', `/auth/admin/users/${id}/disable`, admin.accessToken);
    expect(res.status).toBe(200);
    expect((await res.json()) as AdminUserBody).toMatchObject({ id, disabled: true });

    // The access token still in the user's hands: refused at the next guarded request, with or without a database read.
    await expectProblem(await call('GET', '/auth/me', user.accessToken), 401, 'session_revoked');
    await expect(authenticate()).rejects.toMatchObject({ code: 'session_revoked' });
    await expectProblem(await refreshWithBody(server, user.refreshToken), 403, 'account_disabled');
    // The 403 comes only after the password is proven: a wrong one is the usual 401.
    await expectProblem(await loginResponse(user.email, 'not the password'), 401, 'invalid_credentials');
    await expectProblem(await loginResponse(user.email), 403, 'account_disabled');
    // Every door that starts a session (social, mailed link, passkeys) goes through sessions.start.
    await expect(core.sessions.start(id, { userAgent: null, ip: '127.0.0.1' }, ['fed'])).rejects.toMatchObject({
      code: 'account_disabled',
    });
    expect(await core.sessions.listActive(id)).toEqual([]);
    // An admin cannot lock themselves out.
    await expectProblem(await call('POST', `/auth/admin/users/${adminId}/disable`, admin.accessToken), 403, 'forbidden');

    const enabled = await call('POST', `/auth/admin/users/${id}/enable`, admin.accessToken);
    expect((await enabled.json()) as AdminUserBody).toMatchObject({ id, disabled: false });
    const again = await login(user.email);
    expect((await call('GET', '/auth/me', again.accessToken)).status).toBe(200);
    // The sessions revoked by the disable stay revoked.
    await expectProblem(await refreshWithBody(server, user.refreshToken), 401, 'session_revoked');
  });

  it('refuses the refresh of a live session whose account is flagged disabled (the rotating statement reads the flag)', async () => {
    // The instant between disable's flag and its revocation: the session is still live, the account is not.
    const user = await registerWithBody(server);
    await core.db.updateTable('users').set({ disabled_at: server.clock.now() }).where('id', '=', user.body.user.id).execute();
    await expectProblem(await refreshWithBody(server, user.refreshToken), 403, 'account_disabled');
  });

  it('signs a user out everywhere and sets email_verified', async () => {
    const user = await registerWithBody(server);
    const second = await login(user.email);
    const id = user.body.user.id;
    expect((await call('POST', `/auth/admin/users/${id}/sign-out`, admin.accessToken)).status).toBe(204);
    await expectProblem(await call('GET', '/auth/me', user.accessToken), 401, 'session_revoked');
    await expectProblem(await call('GET', '/auth/me', second.accessToken), 401, 'session_revoked');
    await expectProblem(await refreshWithBody(server, second.refreshToken), 401, 'session_revoked');
    const recorded = await core.db
      .selectFrom('security_events')
      .selectAll()
      .where('user_id', '=', id)
      .where('type', '=', 'sessions.revoked_all')
      .execute();
    expect(recorded.map((row) => JSON.parse(row.detail) as unknown)).toEqual([{ sessions: 2, by: 'admin', actor: admin.body.user.id }]);
    expect((await login(user.email)).accessToken).toBeTruthy();

    const patched = await call('PATCH', `/auth/admin/users/${id}`, admin.accessToken, { email_verified: true });
    expect((await patched.json()) as AdminUserBody).toMatchObject({ id, email_verified: true });
    await expectProblem(
      await call('PATCH', `/auth/admin/users/${id}`, admin.accessToken, { is_superuser: true }),
      400,
      'validation_failed',
    );
  });

  it('impersonates with a short token carrying act and no refresh token, which ends like any session', async () => {
    const user = await registerWithBody(server);
    const id = user.body.user.id;
    const res = await call('POST', `/auth/admin/users/${id}/impersonate`, admin.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = (await res.json()) as { access_token: string; expires_in: number; expires_at: number };
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_at', 'expires_in', 'token_type']);
    const claims = claimsOf(body.access_token);
    expect(claims).toMatchObject({ sub: id, act: { sub: adminId } });
    expect(claims.auth_time).toBeUndefined();
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(15 * 60);
    expect(body.expires_in).toBeLessThanOrEqual(15 * 60);

    // Acts as the user, lists as an impersonation in the admin's view, but is never an admin's token nor "recent".
    const me = await call('GET', '/auth/me', body.access_token);
    expect(((await me.json()) as { id: string }).id).toBe(id);
    const detail = (await (await call('GET', `/auth/admin/users/${id}`, admin.accessToken)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    expect(detail.sessions).toContainEqual(expect.objectContaining({ id: claims.sid, impersonated_by: adminId }));
    await expectProblem(await call('GET', '/auth/admin/users', body.access_token), 403, 'forbidden');
    await expectProblem(await call('DELETE', '/auth/me', body.access_token), 401, 'reauthentication_required');
    await expectProblem(await call('GET', '/auth/me/export', body.access_token), 401, 'reauthentication_required');
    await expectProblem(await call('POST', '/auth/reauthenticate', body.access_token, { password: PASSWORD }), 403, 'forbidden');

    // Ended with the token itself; the user's own session is untouched.
    expect((await call('DELETE', `/auth/sessions/${claims.sid as string}`, body.access_token)).status).toBe(204);
    await expectProblem(await call('GET', '/auth/me', body.access_token), 401, 'session_revoked');
    expect((await call('GET', '/auth/me', user.accessToken)).status).toBe(200);
  });

  it('ends an impersonation token by time, and refuses to impersonate a superuser or a disabled account', async () => {
    const user = await registerWithBody(server);
    const res = await call('POST', `/auth/admin/users/${user.body.user.id}/impersonate`, admin.accessToken);
    const { access_token: token } = (await res.json()) as { access_token: string };
    server.clock.advance(15 * 60_000 + 1000);
    await expectProblem(await call('GET', '/auth/me', token), 401, 'token_expired');

    const fresh = await signInSuperuser();
    const other = await signInSuperuser();
    const otherId = claimsOf(other.accessToken).sub as string;
    await expectProblem(await call('POST', `/auth/admin/users/${otherId}/impersonate`, fresh.accessToken), 403, 'forbidden');
    const disabled = await registerWithBody(server);
    await call('POST', `/auth/admin/users/${disabled.body.user.id}/disable`, fresh.accessToken);
    await expectProblem(await call('POST', `/auth/admin/users/${disabled.body.user.id}/impersonate`, fresh.accessToken), 403, 'forbidden');
  });

  it('deletes a user: their token stops at once and the id is gone', async () => {
    const fresh = await signInSuperuser();
    const user = await registerWithBody(server);
    const id = user.body.user.id;
    expect((await call('DELETE', `/auth/admin/users/${id}`, fresh.accessToken)).status).toBe(204);
    await expectProblem(await call('GET', '/auth/me', user.accessToken), 401, 'session_revoked');
    await expectProblem(await call('GET', `/auth/admin/users/${id}`, fresh.accessToken), 404, 'not_found');
    await expectProblem(await call('DELETE', `/auth/admin/users/${id}`, fresh.accessToken), 404, 'not_found');
    await expectProblem(await loginResponse(user.email), 401, 'invalid_credentials');
  });
});
