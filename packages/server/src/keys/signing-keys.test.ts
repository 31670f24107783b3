// Several instances on one database agree on signing keys: one key whatever the start-up race, and across a
// rotation made by one of them no instance ever refuses a token another one signed.
import { describe, expect, it, vi } from 'vitest';
import { createTesseraWith, type Tessera } from '../tessera.js';
import { createClock } from '../test/clock.js';
import { dialects, openTestDatabase } from '../test/databases.js';
import { FAST_HASH } from '../test/test-server.js';
import { KEY_PROPAGATION_MS } from './signing-keys.js';

const silent = { info() {}, warn() {}, error() {} };

async function instances(dialect: (typeof dialects)[number], count: number) {
  const database = await openTestDatabase(dialect);
  const clock = createClock();
  const options = { ...FAST_HASH, now: clock.now, logger: silent };
  const all: Tessera[] = Array.from({ length: count }, () => createTesseraWith(options, { database }));
  const cores = await Promise.all(all.map((t) => t.ready()));
  return {
    all,
    cores,
    clock,
    async close() {
      for (const t of all) await t.close();
      await database.close();
    },
  };
}

describe.each(dialects)('signing keys shared by instances on %s', (dialect) => {
  it('creates exactly one key when four instances start together on an empty database', async () => {
    const { cores, close } = await instances(dialect, 4);
    try {
      const rows = await cores[0]!.db.selectFrom('signing_keys').select('kid').execute();
      expect(rows).toHaveLength(1);
      expect(new Set(cores.map((core) => core.keys.current().kid))).toEqual(new Set([rows[0]!.kid]));
    } finally {
      await close();
    }
  });

  it('publishes a new key on every instance before any of them signs with it', async () => {
    const { all, cores, clock, close } = await instances(dialect, 2);
    const [a, b] = all as [Tessera, Tessera];
    const [coreA, coreB] = cores as [(typeof cores)[0], (typeof cores)[0]];
    try {
      const old = coreA.keys.current().kid;
      const user = await coreA.users.insert({ email: 'keys@example.com', passwordHash: null });
      const { session } = await coreA.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);

      const rotated = await coreA.keys.rotate();
      // Announced on the change feed: B loads the new key at once, without waiting for its periodic reload.
      await vi.waitFor(() => expect(coreB.keys.jwks().keys.map((k) => k.kid)).toContain(rotated.kid), { timeout: 2_000 });
      // Until the switch both still sign with the old key.
      expect(coreA.keys.current().kid).toBe(old);
      expect(coreB.keys.current().kid).toBe(old);

      clock.advance(KEY_PROPAGATION_MS);
      expect(coreA.keys.current().kid).toBe(rotated.kid);
      expect(coreB.keys.current().kid).toBe(rotated.kid);
      const fromA = await coreA.accessTokens.sign({ userId: user.id, sessionId: session.id });
      const fromB = await coreB.accessTokens.sign({ userId: user.id, sessionId: session.id });
      expect((await b.verifyAccessToken(fromA.token)).sub).toBe(user.id);
      expect((await a.verifyAccessToken(fromB.token)).sub).toBe(user.id);
    } finally {
      await close();
    }
  });

  it('loads a key it missed the announcement of on the first token signed with it', async () => {
    const { all, cores, clock, close } = await instances(dialect, 2);
    const [coreA, coreB] = cores as [(typeof cores)[0], (typeof cores)[0]];
    try {
      await coreB.changes.close(); // B hears nothing from now on
      const user = await coreA.users.insert({ email: 'deaf@example.com', passwordHash: null });
      const { session } = await coreA.sessions.start(user.id, { userAgent: null, ip: null }, ['pwd']);
      const rotated = await coreA.keys.rotate();
      clock.advance(KEY_PROPAGATION_MS);
      const fromA = await coreA.accessTokens.sign({ userId: user.id, sessionId: session.id });
      expect(fromA.token.split('.')[0]).toBe(
        Buffer.from(JSON.stringify({ alg: rotated.alg, typ: 'at+jwt', kid: rotated.kid })).toString('base64url'),
      );
      expect((await all[1]!.verifyAccessToken(fromA.token)).sub).toBe(user.id);
      // B still signs with the old key until its periodic reload, and A accepts those tokens meanwhile.
      const fromB = await coreB.accessTokens.sign({ userId: user.id, sessionId: session.id });
      expect((await all[0]!.verifyAccessToken(fromB.token)).sub).toBe(user.id);
    } finally {
      await close();
    }
  });

  it('keeps exactly one current key when two instances rotate at once', async () => {
    const { cores, close } = await instances(dialect, 2);
    try {
      await Promise.all(cores.map((core) => core.keys.rotate()));
      const current = await cores[0]!.db.selectFrom('signing_keys').select('kid').where('retired_at', 'is', null).execute();
      expect(current).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
