// Security events on both dialects: each written with its change (and a refused change writes no success event),
// the event and its change commit or roll back together, GET /auth/me/events pages newest first with no gap or
// duplicate, its bad input is a 400, and the retention purge deletes what is older than SECURITY_EVENTS_RETENTION.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, refreshWithBody, registerWithBody, type SignedIn, type TokenBody } from '../test/flows.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { encodeCursor } from './event-cursor.js';

interface ServedEvent {
  id: string;
  type: string;
  at: string;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
  outcome: 'success' | 'failure';
  detail: Record<string, unknown>;
}
interface EventPage {
  events: ServedEvent[];
  next_cursor: string | null;
}

const NEW_PASSWORD = 'a brand new passphrase';

describe.each(dialects)('security events on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let core: Core;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, {
      mail: { smtpUrl: smtp.url },
      mailMaxPerIp: 1000,
      securityEventsRetention: '30d',
      reauthMaxAge: '1h',
    });
    core = await server.tessera.ready();
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const page = async (accessToken: string, query = '') => {
    const res = await server.request(`/auth/me/events${query}`, { headers: bearer(accessToken) });
    expect(res.status).toBe(200);
    return (await res.json()) as EventPage;
  };
  /** The user's event types, oldest first. */
  const typesOf = async (user: SignedIn) =>
    (await page(user.accessToken, '?limit=200')).events.map((e) => (e.outcome === 'failure' ? `${e.type}!` : e.type)).reverse();
  const login = (email: string, password: string, userAgent = 'Test/1') =>
    server.request('/auth/login', {
      method: 'POST',
      headers: { 'X-Token-Transport': 'body', 'User-Agent': userAgent },
      json: { email, password },
    });

  it('writes each event with its change: registration, sign-in, failures, password change, sessions ended', async () => {
    const user = await registerWithBody(server);
    await expectProblem(await login(user.email, 'not the password'), 401, 'invalid_credentials');
    const second = (await (await login(user.email, PASSWORD, 'Firefox/1')).json()) as TokenBody;
    const changePassword = (current: string) =>
      server.request('/auth/password', {
        method: 'POST',
        headers: bearer(user.accessToken),
        json: { current_password: current, new_password: NEW_PASSWORD },
      });
    // A wrong current password: its failure event only, and the password stays.
    await expectProblem(await changePassword('wrong password'), 401, 'invalid_credentials');
    expect(await typesOf(user)).toEqual(['user.registered', 'login.failed!', 'login.succeeded', 'password.changed!']);
    expect((await changePassword(PASSWORD)).status).toBe(204);

    const third = (await (await login(user.email, NEW_PASSWORD)).json()) as TokenBody;
    const sessions = (await (await server.request('/auth/sessions', { headers: bearer(third.access_token) })).json()) as {
      sessions: Array<{ id: string; current: boolean }>;
    };
    expect(sessions.sessions).toHaveLength(2);
    const registration = sessions.sessions.find((s) => !s.current)!;
    expect(
      (await server.request(`/auth/sessions/${registration.id}`, { method: 'DELETE', headers: bearer(third.access_token) })).status,
    ).toBe(204);
    // Revoking it again revokes nothing and records nothing.
    expect(
      (await server.request(`/auth/sessions/${registration.id}`, { method: 'DELETE', headers: bearer(third.access_token) })).status,
    ).toBe(404);
    expect((await server.request('/auth/logout', { method: 'POST', json: { refresh_token: third.refresh_token } })).status).toBe(204);
    expect((await server.request('/auth/logout', { method: 'POST', json: { refresh_token: third.refresh_token } })).status).toBe(204);

    const fourth = (await (await login(user.email, NEW_PASSWORD)).json()) as TokenBody;
    expect((await server.request('/auth/logout-all', { method: 'POST', headers: bearer(fourth.access_token) })).status).toBe(204);
    // logout-all ended the token's own session too: read them from a new sign-in.
    const fifth = (await (await login(user.email, NEW_PASSWORD)).json()) as TokenBody;
    const all = (await page(fifth.access_token, '?limit=200')).events.reverse();
    expect(all.map((e) => (e.outcome === 'failure' ? `${e.type}!` : e.type))).toEqual([
      'user.registered',
      'login.failed!',
      'login.succeeded',
      'password.changed!',
      'password.changed',
      'login.succeeded',
      'session.revoked',
      'session.logged_out',
      'login.succeeded',
      'sessions.revoked_all',
      'login.succeeded',
    ]);
    const byType = (type: string) => all.filter((e) => e.type === type);
    expect(byType('user.registered')[0]).toMatchObject({ session_id: expect.any(String), detail: { method: 'password' } });
    expect(byType('login.failed')[0]).toMatchObject({ ip: expect.any(String), detail: { method: 'password', email: user.email } });
    expect(byType('login.succeeded')[0]).toMatchObject({ user_agent: 'Firefox/1', session_id: expect.any(String) });
    expect(byType('session.revoked')[0]).toMatchObject({ session_id: registration.id, detail: { by: 'user' } });
    // The password change ended the Firefox session, the revoke the registration's, the logout the third: one left.
    expect(byType('sessions.revoked_all')[0]).toMatchObject({ detail: { sessions: 1, by: 'user' } });
    expect(second.access_token).toBeDefined();
    // Nothing secret in any of them.
    const text = JSON.stringify(all);
    for (const secret of [PASSWORD, NEW_PASSWORD, 'not the password', 'wrong password', user.refreshToken, third.refresh_token!]) {
      expect(text).not.toContain(secret);
    }
  });

  it('records refresh-token reuse with the revocation of its session', async () => {
    const user = await registerWithBody(server);
    // Two rotations: the first token is then two steps behind, which (past the grace window) is reuse.
    const once = (await (await refreshWithBody(server, user.refreshToken)).json()) as TokenBody;
    const rotated = (await (await refreshWithBody(server, once.refresh_token!)).json()) as TokenBody;
    server.clock.advance(11_000);
    await expectProblem(await refreshWithBody(server, user.refreshToken), 401, 'refresh_token_reused');
    await expectProblem(await refreshWithBody(server, rotated.refresh_token!), 401, 'session_revoked');
    const fresh = (await (await login(user.email, PASSWORD)).json()) as TokenBody;
    const [, reuse] = (await page(fresh.access_token)).events;
    expect(reuse).toMatchObject({
      type: 'refresh.reuse_detected',
      outcome: 'failure',
      detail: { presented_generation: 0, current_generation: 2 },
    });
    const row = await core.db
      .selectFrom('sessions')
      .select(['id', 'revoked_reason'])
      .where('id', '=', reuse!.session_id!)
      .executeTakeFirst();
    expect(row?.revoked_reason).toBe('reuse_detected');
  });

  it('records email verification, email change and password reset with their changes', async () => {
    const user = await registerWithBody(server);
    const verification = await smtp.next(user.email, (m) => m.subject === 'Confirm your email address');
    expect((await server.request('/auth/email/verify', { method: 'POST', json: { token: verification.token } })).status).toBe(200);
    const newEmail = `changed-${user.email}`;
    expect(
      (await server.request('/auth/email/change', { method: 'POST', headers: bearer(user.accessToken), json: { new_email: newEmail } }))
        .status,
    ).toBe(202);
    const confirm = await smtp.next(newEmail, (m) => m.to.toLowerCase() === newEmail && m.subject === 'Confirm your new email address');
    expect((await server.request('/auth/email/change/confirm', { method: 'POST', json: { token: confirm.token } })).status).toBe(200);
    expect((await server.request('/auth/password/forgot', { method: 'POST', json: { email: newEmail } })).status).toBe(202);
    const reset = await smtp.next(newEmail, (m) => m.subject === 'Reset your password');
    expect(
      (await server.request('/auth/password/reset', { method: 'POST', json: { token: reset.token, new_password: NEW_PASSWORD } })).status,
    ).toBe(204);
    const fresh = (await (await login(newEmail, NEW_PASSWORD)).json()) as TokenBody;
    const events = (await page(fresh.access_token)).events.reverse();
    expect(events.map((e) => e.type)).toEqual(['user.registered', 'email.verified', 'email.changed', 'password.reset', 'login.succeeded']);
    expect(events[2]!.detail).toEqual({ from: user.email, to: newEmail });
    // A spent link changes nothing and records nothing.
    await expectProblem(
      await server.request('/auth/email/verify', { method: 'POST', json: { token: verification.token } }),
      400,
      'invalid_token',
    );
    expect((await page(fresh.access_token)).events).toHaveLength(5);
  });

  it('commits the event with its change, and rolls both back when the transaction fails after the event', async () => {
    const user = await registerWithBody(server);
    const userId = user.body.user.id;
    const failure = new Error('forced failure after the event');
    await expect(
      core.events.transaction(async (trx) => {
        await trx.updateTable('users').set({ name: 'Rolled back' }).where('id', '=', userId).execute();
        await core.events.record(trx, { type: 'password.changed', userId, detail: {} });
        throw failure;
      }),
    ).rejects.toBe(failure);
    const row = await core.db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(row.name).toBe('Ada');
    expect(await typesOf(user)).toEqual(['user.registered']);

    await core.events.transaction(async (trx) => {
      await trx.updateTable('users').set({ name: 'Committed' }).where('id', '=', userId).execute();
      await core.events.record(trx, { type: 'password.changed', userId, detail: {} });
    });
    expect((await core.db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow()).name).toBe('Committed');
    expect(await typesOf(user)).toEqual(['user.registered', 'password.changed']);
  });

  it('pages newest first with next_cursor, without duplicates or gaps, and ends with null', async () => {
    const user = await registerWithBody(server);
    const userId = user.body.user.id;
    // Several in the same millisecond, several a millisecond apart: the order is still the order of recording.
    for (let i = 0; i < 11; i++) {
      if (i % 3 === 0) server.clock.advance(1);
      await core.events.record(core.db, { type: 'identity.linked', userId, detail: { provider: `p${i}` } });
    }
    const seen: ServedEvent[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const next: EventPage = await page(user.accessToken, `?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      sizes.push(next.events.length);
      seen.push(...next.events);
      cursor = next.next_cursor;
    } while (cursor);
    expect(sizes).toEqual([5, 5, 2]);
    expect(seen.map((e) => String(e.detail.provider ?? e.type))).toEqual([
      ...Array.from({ length: 11 }, (_, i) => `p${10 - i}`),
      'user.registered',
    ]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(12);
    // Exactly a page's worth: the last page says so with null, not with an empty page after it.
    expect((await page(user.accessToken, '?limit=12')).next_cursor).toBeNull();
    // Another user's events are not in this user's pages, whatever the cursor.
    const other = await registerWithBody(server);
    expect((await page(other.accessToken, `?cursor=${encodeCursor(seen[0]!.id)}`)).events).toEqual([]);
  });

  it('defaults to 50 and refuses a limit outside 1 to 200 or a cursor it did not give, with 400 validation_failed', async () => {
    const user = await registerWithBody(server);
    for (let i = 0; i < 60; i++)
      await core.events.record(core.db, { type: 'mfa.failed', userId: user.body.user.id, detail: { factor: 'totp' } });
    expect((await page(user.accessToken)).events).toHaveLength(50);
    expect((await page(user.accessToken, '?limit=200')).events).toHaveLength(61);
    expect((await page(user.accessToken, '?limit=1')).events).toHaveLength(1);
    for (const query of [
      '?limit=0',
      '?limit=201',
      '?limit=-1',
      '?limit=abc',
      '?limit=1.5',
      '?cursor=not*base64',
      `?cursor=${encodeCursor('x')}`,
      '?cursor=',
    ]) {
      await expectProblem(await server.request(`/auth/me/events${query}`, { headers: bearer(user.accessToken) }), 400, 'validation_failed');
    }
    await expectProblem(await server.request('/auth/me/events'), 401, 'invalid_token');
  });

  it('purges the events older than SECURITY_EVENTS_RETENTION, in batches, and keeps the rest', async () => {
    const user = await registerWithBody(server);
    const userId = user.body.user.id;
    for (let i = 0; i < 3; i++) await core.events.record(core.db, { type: 'mfa.failed', userId, detail: { factor: 'old' } });
    server.clock.advance(29 * 86_400_000);
    await core.events.record(core.db, { type: 'mfa.failed', userId, detail: { factor: 'recent' } });
    server.clock.advance(2 * 86_400_000);
    expect(await core.purgeSecurityEvents()).toBeGreaterThanOrEqual(4);
    const remaining = await core.db.selectFrom('security_events').select('detail').where('user_id', '=', userId).execute();
    expect(remaining.map((r) => JSON.parse(r.detail) as unknown)).toEqual([{ factor: 'recent' }]);
  });
});
