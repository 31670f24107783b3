import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { dialects } from '../test/databases.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe.each(dialects)('session store on %s', (dialect) => {
  let server: TestServer;
  let core: Core;
  beforeAll(async () => {
    server = await createTestServer(dialect);
    core = await server.tessera.ready();
  });
  afterAll(() => server?.close());

  const newUser = async () => core.users.insert({ email: `s${Math.random()}@example.com`, passwordHash: null });
  const count = async (table: 'sessions' | 'refresh_tokens', sessionId: string) =>
    (
      await core.db
        .selectFrom(table)
        .select('id')
        .where(table === 'sessions' ? 'id' : 'session_id', '=', sessionId)
        .execute()
    ).length;

  it('stores refresh tokens only as selector and hash', async () => {
    const user = await newUser();
    const { session, refresh } = await core.sessions.start(user.id, { userAgent: 'test', ip: '127.0.0.1' });
    const rows = await core.db.selectFrom('refresh_tokens').selectAll().where('session_id', '=', session.id).execute();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(refresh.token);
    expect(stored).not.toContain(refresh.token.slice(22));
  });

  it('purges ended sessions and expired tokens, and keeps live ones', async () => {
    const user = await newUser();
    const old = await core.sessions.start(user.id, { userAgent: null, ip: null });
    await core.sessions.refresh(old.refresh.token);
    const revoked = await core.sessions.start(user.id, { userAgent: null, ip: null });
    await core.sessions.revoke(revoked.session.id, 'logout');

    server.clock.advance(32 * 86_400_000); // past expiry plus the day ended sessions are kept
    const live = await core.sessions.start(user.id, { userAgent: null, ip: null });
    await core.sessions.purge();

    expect(await count('sessions', old.session.id)).toBe(0);
    expect(await count('refresh_tokens', old.session.id)).toBe(0);
    expect(await count('sessions', revoked.session.id)).toBe(0);
    expect(await count('sessions', live.session.id)).toBe(1);
    expect(await count('refresh_tokens', live.session.id)).toBe(1);
    expect((await core.sessions.refresh(live.refresh.token)).session.id).toBe(live.session.id);
  });

  it('treats a concurrent rotation of the same token as one rotation', async () => {
    const user = await newUser();
    const { refresh } = await core.sessions.start(user.id, { userAgent: null, ip: null });
    const results = await Promise.all(Array.from({ length: 8 }, () => core.sessions.refresh(refresh.token)));
    expect(new Set(results.map((r) => r.refresh.token)).size).toBe(1);
    const rows = await core.db.selectFrom('refresh_tokens').select('id').where('session_id', '=', results[0]!.session.id).execute();
    expect(rows).toHaveLength(2);
  });

  it.runIf(dialect === 'sqlite')('waits for an open transaction instead of writing into it (SQLite fast path)', async () => {
    const user = await newUser();
    const { refresh } = await core.sessions.start(user.id, { userAgent: null, ip: null });
    let inside!: () => void;
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = core.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('tessera_secrets')
          .values({ name: `rollback-${Math.random()}`, value: 'x' })
          .execute();
        inside();
        // Held open until the refresh below has been started, so it meets the transaction mid-way.
        await released;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await entered;
    const rotated = core.sessions.refresh(refresh.token);
    release();
    expect(await rolledBack).toBe('rolled back');
    const { refresh: next } = await rotated;
    // The rotation was not part of the rolled-back transaction: its successor is stored and works.
    expect((await core.sessions.refresh(next.token)).session.user_id).toBe(user.id);
  });
});
