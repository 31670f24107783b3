import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { dialects } from '../test/databases.js';
import { PASSWORD, refreshWithBody, registerWithBody } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { KEY_PROPAGATION_MS } from '../keys/signing-keys.js';
import { runCommand } from './commands.js';

describe.each(dialects)('CLI commands on %s', (dialect) => {
  let server: TestServer;
  let core: Core;
  beforeAll(async () => {
    server = await createTestServer(dialect);
    core = await server.tessera.ready();
  });
  afterAll(() => server?.close());

  it('creates a superuser who can sign in, and lists users', async () => {
    expect(await runCommand(core, 'createsuperuser', undefined, { email: 'Admin@Example.com', password: PASSWORD, name: 'Root' })).toMatch(
      /^Superuser admin@example.com created/,
    );
    const login = await server.request('/auth/login', { method: 'POST', json: { email: 'admin@example.com', password: PASSWORD } });
    expect(login.status).toBe(200);
    const listed = JSON.parse((await runCommand(core, 'users', 'list', { json: true }))!) as Array<Record<string, unknown>>;
    expect(listed.find((u) => u.email === 'admin@example.com')).toMatchObject({ is_superuser: true, email_verified: true, name: 'Root' });
    await expect(runCommand(core, 'createsuperuser', undefined, { email: 'admin@example.com', password: PASSWORD })).rejects.toThrow(
      /exists/,
    );
    await expect(runCommand(core, 'createsuperuser', undefined, { email: 'x@example.com' }, {})).rejects.toThrow(/password/);
  });

  it('revokes sessions by user and by id', async () => {
    const user = await registerWithBody(server);
    expect(await runCommand(core, 'sessions', 'revoke', { user: user.email })).toBe(`1 session(s) of ${user.email} revoked.`);
    expect((await refreshWithBody(server, user.refreshToken)).status).toBe(401);
    const other = await registerWithBody(server);
    const [session] = await core.sessions.listActive((await core.users.findByEmail(other.email))!.id);
    expect(await runCommand(core, 'sessions', 'revoke', { session: session!.id })).toContain('revoked');
    await expect(runCommand(core, 'sessions', 'revoke', { session: session!.id })).rejects.toThrow(/No active session/);
  });

  it('disables, enables, shows, searches and deletes users by email', async () => {
    const user = await registerWithBody(server);
    const other = await registerWithBody(server, `cli-search-${Date.now()}@example.com`);
    expect(await runCommand(core, 'users', 'disable', { target: user.email })).toBe(
      `${user.email} is disabled; every session was revoked.`,
    );
    expect((await refreshWithBody(server, user.refreshToken)).status).toBe(403);
    const login = () => server.request('/auth/login', { method: 'POST', json: { email: user.email, password: PASSWORD } });
    expect(((await (await login()).json()) as { code: string }).code).toBe('account_disabled');
    const shown = JSON.parse((await runCommand(core, 'users', 'show', { target: user.email.toUpperCase() }))!) as {
      user: { disabled: boolean };
      sessions: unknown[];
    };
    expect(shown).toMatchObject({ user: { disabled: true }, sessions: [] });
    expect(await runCommand(core, 'users', 'enable', { target: user.email })).toBe(`${user.email} may sign in again.`);
    expect((await login()).status).toBe(200);

    const found = JSON.parse((await runCommand(core, 'users', 'list', { search: 'CLI-search-', json: true }))!) as Array<{ email: string }>;
    expect(found.map((u) => u.email)).toEqual([other.email]);
    expect(await runCommand(core, 'users', 'list', { search: 'cli-search-' })).toContain(other.email);

    expect(await runCommand(core, 'users', 'delete', { target: user.email })).toContain('deleted');
    expect(await core.users.findByEmail(user.email)).toBeUndefined();
    await expect(runCommand(core, 'users', 'delete', { target: user.email })).rejects.toThrow(/No user/);
    await expect(runCommand(core, 'users', 'disable', {})).rejects.toThrow(/email is required/);
  });

  it('rotates keys and answers undefined for unknown commands', async () => {
    const before = core.keys.current().kid;
    expect(await runCommand(core, 'keys', 'rotate', {})).toMatch(/^New signing key \S+ \(EdDSA\) is published and signs from /);
    expect(core.keys.current().kid).toBe(before);
    server.clock.advance(KEY_PROPAGATION_MS);
    expect(core.keys.current().kid).not.toBe(before);
    expect(await runCommand(core, 'frobnicate', undefined, {})).toBeUndefined();
  });
});
