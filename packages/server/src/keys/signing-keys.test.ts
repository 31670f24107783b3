// Several instances on one database agree on signing keys, also across a rotation made by one of them.
import { describe, expect, it, vi } from 'vitest';
import { createTesseraWith } from '../tessera.js';
import { createClock } from '../test/clock.js';
import { dialects, openTestDatabase } from '../test/databases.js';
import { FAST_HASH } from '../test/test-server.js';

const silent = { info() {}, warn() {}, error() {} };

describe.each(dialects)('signing keys shared by two instances on %s', (dialect) => {
  it('accepts tokens of the other instance on either side of a rotation', async () => {
    const database = await openTestDatabase(dialect);
    const clock = createClock();
    const options = { ...FAST_HASH, now: clock.now, logger: silent };
    const a = createTesseraWith(options, { database });
    const coreA = await a.ready();
    const b = createTesseraWith(options, { database });
    const coreB = await b.ready();
    try {
      expect(coreB.keys.current().kid).toBe(coreA.keys.current().kid);
      const user = await coreA.users.insert({ email: 'keys@example.com', passwordHash: null });
      const { session } = await coreA.sessions.start(user.id, { userAgent: null, ip: null });

      const rotated = await coreA.keys.rotate();
      // B has not heard of the rotation and still signs with the old key; A keeps accepting those tokens.
      const fromB = await coreB.accessTokens.sign({ userId: user.id, sessionId: session.id });
      expect((await a.verifyAccessToken(fromB.token)).sub).toBe(user.id);

      // B has never seen the new kid: it reloads the key set instead of refusing A's token.
      const fromA = await coreA.accessTokens.sign({ userId: user.id, sessionId: session.id });
      clock.advance(5_001);
      expect((await b.verifyAccessToken(fromA.token)).sub).toBe(user.id);
      expect(coreB.keys.current().kid).toBe(rotated.kid);
    } finally {
      await a.close();
      await b.close();
      await database.close();
    }
  });

  it('moves an idle instance to the new key within a minute', async () => {
    const database = await openTestDatabase(dialect);
    const clock = createClock();
    const options = { ...FAST_HASH, now: clock.now, logger: silent };
    const a = createTesseraWith(options, { database });
    const b = createTesseraWith(options, { database });
    try {
      const [coreA, coreB] = await Promise.all([a.ready(), b.ready()]);
      const rotated = await coreA.keys.rotate();
      expect(coreB.keys.current().kid).not.toBe(rotated.kid);
      clock.advance(60_001);
      coreB.keys.current(); // starts the background reload
      await vi.waitFor(() => expect(coreB.keys.current().kid).toBe(rotated.kid));
    } finally {
      await a.close();
      await b.close();
      await database.close();
    }
  });
});
