import { createHash, randomBytes } from 'node:crypto';
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
  const sessionRows = async (userId: string) => core.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();

  it('stores nothing of the refresh token: the session row holds its generation only', async () => {
    const user = await newUser();
    const { session, refresh } = await core.sessions.start(user.id, { userAgent: 'test', ip: '127.0.0.1' }, ['pwd']);
    const stored = JSON.stringify(await sessionRows(user.id));
    expect(stored).not.toContain(refresh.token);
    expect(stored).not.toContain(refresh.token.slice(22, 70));
    expect(await core.db.selectFrom('refresh_tokens').select('id').where('session_id', '=', session.id).execute()).toEqual([]);
  });

  // On PostgreSQL each sequential refresh waits for its commit to reach the disk (3 to 5 ms on this machine), so the
  // long run is SQLite's; the same statements run on both.
  const refreshes = dialect === 'sqlite' ? 10_000 : 1_000;
  it(`keeps storage constant per session across ${refreshes} refreshes`, async () => {
    const user = await newUser();
    let { refresh } = await core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
    const tokensBefore = await core.db
      .selectFrom('refresh_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    for (let i = 0; i < refreshes; i++) ({ refresh } = await core.sessions.refresh(refresh.token));
    const rows = await sessionRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.generation).toBe(refreshes);
    const tokensAfter = await core.db
      .selectFrom('refresh_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(tokensAfter.n)).toBe(Number(tokensBefore.n));
  }, 60_000);

  it('purges ended sessions in batches and keeps live ones', async () => {
    const user = await newUser();
    const ended = [];
    // In chunks: a burst of 1,200 at once would wait on the PostgreSQL pool longer than it lets a request wait.
    for (let chunk = 0; chunk < 24; chunk++) {
      ended.push(
        ...(await Promise.all(Array.from({ length: 50 }, () => core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd'])))),
      );
    }
    await core.sessions.refresh(ended[0]!.refresh.token);
    const revoked = await core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
    await core.sessions.revoke(revoked.session.id, 'logout');

    server.clock.advance(32 * 86_400_000); // past expiry plus the day ended sessions are kept
    const live = await core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
    const purged = await core.sessions.purge();

    expect(purged.sessions).toBeGreaterThanOrEqual(1_201);
    expect((await sessionRows(user.id)).map((s) => s.id)).toEqual([live.session.id]);
    expect((await core.sessions.refresh(live.refresh.token)).session.id).toBe(live.session.id);
  }, 60_000);

  it('purges the revocation log after a day, but keeps its newest row (SQLite pollers read by id)', async () => {
    const user = await newUser();
    const sessions = await Promise.all([1, 2, 3].map(() => core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd'])));
    expect(await core.sessions.revokeAll(user.id, 'logout_all')).toBe(3);
    const log = () => core.db.selectFrom('session_revocations').select(['id', 'session_id']).orderBy('id').execute();
    const logged = (await log()).filter((row) => sessions.some((s) => s.session.id === row.session_id));
    expect(logged).toHaveLength(3);

    server.clock.advance(2 * 86_400_000);
    const purged = await core.sessions.purge();
    expect(purged.revocations).toBeGreaterThanOrEqual(2);
    const left = await log();
    expect(left.map((row) => row.id)).toEqual([Math.max(...logged.map((row) => row.id))]);
  });

  it('treats a concurrent rotation of the same token as one rotation', async () => {
    const user = await newUser();
    const { refresh } = await core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
    const results = await Promise.all(Array.from({ length: 8 }, () => core.sessions.refresh(refresh.token)));
    expect(new Set(results.map((r) => r.refresh.token)).size).toBe(1);
    expect((await sessionRows(user.id))[0]!.generation).toBe(1);
  });

  it('carries a session started before the chain design on from its unspent legacy token', async () => {
    const user = await newUser();
    const { session } = await core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
    // A token of the first design, as migration 0003 found it: a row with the SHA-256 of its verifier.
    const legacy = randomBytes(48);
    await core.db
      .insertInto('refresh_tokens')
      .values({
        id: legacy.subarray(0, 16).toString('base64url'),
        session_id: session.id,
        verifier_hash: createHash('sha256').update(legacy.subarray(16)).digest('base64url'),
        created_at: server.clock.now(),
        expires_at: session.expires_at,
        rotated_at: null,
      })
      .execute();
    const next = await core.sessions.refresh(legacy.toString('base64url'));
    expect(next.refresh.token).toHaveLength(70);
    expect((await core.sessions.refresh(next.refresh.token)).session.id).toBe(session.id);
    const forged = Buffer.from(legacy);
    forged[40] = forged[40]! ^ 1;
    await expect(core.sessions.refresh(forged.toString('base64url'))).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it.runIf(dialect === 'sqlite')('waits for an open transaction instead of writing into it (SQLite fast path)', async () => {
    const user = await newUser();
    const { refresh } = await core.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
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
