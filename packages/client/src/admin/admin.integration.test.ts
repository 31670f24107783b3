// The issue 16 client calls against a real Tessera server: the user's own events, export and deletion (with the
// recent-sign-in rule and the sign-out in every tab), and the admin subpath (search, disable, enable, impersonate).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../server/src/core.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../../server/src/test/test-server.js';
import { deleteAccount, exportAccount, listSecurityEvents, reauthenticate } from '../account/index.js';
import { createAuthClient, type AuthClient } from '../auth-client.js';
import { AuthError } from '../errors.js';
import { decodeJwtPayload } from '../jwt.js';
import { createCookieJar } from '../test/cookie-jar.js';
import { createFakeLocks } from '../test/fake-locks.js';
import { disableUser, enableUser, endImpersonation, getUser, impersonateUser, listUsers } from './index.js';

const PASSWORD = 'correct horse battery staple';
/** Past REAUTH_MAX_AGE (10 minutes): the sign-in is no longer recent. */
const STALE = 11 * 60_000;

let server: TestServer;
let core: Core;
let serial = 0;
const clients: AuthClient[] = [];

beforeAll(async () => {
  server = await createTestServer('sqlite', { reauthMaxAge: '10m' });
  core = await server.tessera.ready();
});
afterAll(() => server?.close());
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** One browser (cookie jar, locks, tab channel); `tab()` opens another tab in it. */
function browser(): () => AuthClient {
  const jar = createCookieJar(TEST_ORIGIN);
  const locks = createFakeLocks();
  const channel = `admin-integration-${++serial}`;
  return () => {
    const client = createAuthClient({ baseUrl: server.url, fetch: jar.fetch, now: server.clock.now, locks, channel, autoStart: false });
    clients.push(client);
    return client;
  };
}

const uniqueEmail = (label: string) => `${label}-${++serial}-${Date.now()}@example.com`;

async function signedUp(label = 'user'): Promise<{ client: AuthClient; email: string; tab: () => AuthClient }> {
  const email = uniqueEmail(label);
  const tab = browser();
  const client = tab();
  await client.register({ email, password: PASSWORD, name: 'Ada' });
  return { client, email, tab };
}

async function signedInAdmin(): Promise<AuthClient> {
  const email = uniqueEmail('admin');
  await core.users.insert({ email, passwordHash: await core.hasher.hash(PASSWORD), isSuperuser: true, emailVerified: true });
  const client = browser()();
  await client.login({ email, password: PASSWORD });
  return client;
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 50));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await settle();
  expect(check()).toBe(true);
}

describe("the user's own account", () => {
  it('lists the security events newest first, a page at a time', async () => {
    const { client: fresh, email } = await signedUp('events');
    await fresh.logout();
    await fresh.login({ email, password: PASSWORD });
    const first = await listSecurityEvents(fresh, { limit: 1 });
    expect(first.events).toHaveLength(1);
    expect(first.events[0]!.type).toBe('login.succeeded');
    expect(first.next_cursor).toEqual(expect.any(String));
    const rest = await listSecurityEvents(fresh, { cursor: first.next_cursor });
    expect(rest.events.length).toBeGreaterThanOrEqual(1);
    expect(rest.events.map((event) => event.id)).not.toContain(first.events[0]!.id);
    await expect(listSecurityEvents(fresh, { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('exports the account only after a recent sign-in, with no secret in it', async () => {
    const { client, email } = await signedUp();
    server.clock.advance(STALE);
    const refused = await exportAccount(client).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthError);
    expect(refused).toMatchObject({ code: 'reauthentication_required' });
    await reauthenticate(client, PASSWORD);
    const data = await exportAccount(client);
    expect(data).toMatchObject({ user: { email } });
    expect(JSON.stringify(data)).not.toMatch(/argon2|password_hash/);
  });

  it('deletes the account after a recent sign-in and signs out every tab', async () => {
    const { client, email, tab } = await signedUp();
    const sibling = tab();
    await sibling.start();
    expect(sibling.getState().status).toBe('authenticated');
    server.clock.advance(STALE);
    await expect(deleteAccount(client)).rejects.toMatchObject({ code: 'reauthentication_required' });
    expect(client.getState().status).toBe('authenticated');

    await reauthenticate(client, PASSWORD);
    await deleteAccount(client);
    expect(client.getState().status).toBe('unauthenticated');
    await until(() => sibling.getState().status === 'unauthenticated');
    expect(await core.users.findByEmail(email)).toBeFalsy();
    await expect(client.login({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid_credentials' });
  });
});

describe('@tessera/client/admin', () => {
  it('refuses a normal user with forbidden', async () => {
    const { client } = await signedUp();
    await expect(listUsers(client)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('searches, disables (the user is signed out at the next refresh) and enables', async () => {
    const admin = await signedInAdmin();
    const { client: user, email } = await signedUp('target');
    const { users, next_cursor } = await listUsers(admin, { q: email.toUpperCase() });
    expect(users.map((found) => found.email)).toEqual([email]);
    expect(next_cursor).toBeNull();
    const id = users[0]!.id;
    expect((await getUser(admin, id)).user).toMatchObject({ id, disabled: false });

    expect(await disableUser(admin, id)).toMatchObject({ id, disabled: true });
    // Past the access token's lifetime, its next request refreshes, and the refresh says why the session is over.
    server.clock.advance(60 * 60_000);
    await user.getToken().catch(() => null);
    expect(user.getState()).toMatchObject({ status: 'unauthenticated', error: { code: 'account_disabled' } });
    expect((await listUsers(admin, { q: email, status: 'disabled' })).users).toHaveLength(1);

    await expect(enableUser(admin, id)).rejects.toMatchObject({ code: 'reauthentication_required' });
    await reauthenticate(admin, PASSWORD);
    expect(await enableUser(admin, id)).toMatchObject({ disabled: false });
    await user.login({ email, password: PASSWORD });
    expect(user.getState().status).toBe('authenticated');
  });

  it('needs a recent sign-in to change anything', async () => {
    const admin = await signedInAdmin();
    const { email } = await signedUp();
    const id = (await listUsers(admin, { q: email })).users[0]!.id;
    server.clock.advance(STALE);
    await expect(disableUser(admin, id)).rejects.toMatchObject({ code: 'reauthentication_required' });
    await reauthenticate(admin, PASSWORD);
    expect(await disableUser(admin, id)).toMatchObject({ disabled: true });
  });

  it("impersonates with an access token only, leaves the admin's session alone, and ends it with the token", async () => {
    const admin = await signedInAdmin();
    const adminToken = await admin.getToken();
    const { email } = await signedUp();
    const id = (await listUsers(admin, { q: email })).users[0]!.id;
    const impersonation = await impersonateUser(admin, id);
    expect(impersonation).not.toHaveProperty('refresh_token');
    const claims = decodeJwtPayload(impersonation.access_token);
    expect(claims).toMatchObject({ sub: id, act: { sub: expect.any(String) } });
    expect(await admin.getToken()).toBe(adminToken);

    const me = () => fetch(`${server.url}/auth/me`, { headers: { authorization: `Bearer ${impersonation.access_token}` } });
    expect(((await (await me()).json()) as { email: string }).email).toBe(email);
    await endImpersonation(admin, impersonation.access_token);
    expect((await me()).status).toBe(401);
    // Ending it twice is not an error; the admin is still signed in.
    await endImpersonation(admin, impersonation.access_token);
    expect(admin.getState().status).toBe('authenticated');
  });
});
