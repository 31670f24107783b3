// The refresh path's storage: one interface, two implementations over the same compiled queries.
// - Kysely (PostgreSQL, and SQLite handles shared by an embedding app): async, rotation in a transaction.
// - better-sqlite3: synchronous statements. Kysely's async driver only adds promise hops, a mutex and a Kysely
//   instance per connection grab: measured with a CPU profile under load, that was about a tenth of a refresh's CPU.
// Both run the same test suite (session-store.test.ts, refresh-flow.test.ts loop over the dialects).
import type { Kysely } from 'kysely';
import type { SqliteConnection } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { RefreshQueries, RefreshRow, RotationWrite } from './refresh-queries.js';

export interface RefreshStore {
  /** The token row joined with its session and user, by selector. */
  lookup(selector: string): Promise<RefreshRow | undefined>;
  /** Expiry of a stored token, by selector. */
  tokenExpiry(selector: string): Promise<number | undefined>;
  /** Spends the token and stores its successor atomically; false when another request rotated it first. */
  rotate(write: RotationWrite): Promise<boolean>;
}

const claimArgs = (w: RotationWrite) => ({ at: w.at, selector: w.selector });
const insertArgs = (w: RotationWrite) => ({
  selector: w.successor.selector,
  session: w.sessionId,
  hash: w.successor.verifierHash,
  at: w.at,
  expires: w.expiresAt,
});
const touchArgs = (w: RotationWrite) => ({ at: w.at, expires: w.expiresAt, id: w.sessionId });

export function createKyselyRefreshStore(db: Kysely<Database>, q: RefreshQueries): RefreshStore {
  return {
    lookup: async (selector) => (await q.lookup.execute(db, { selector })).rows[0],
    tokenExpiry: async (selector) => (await q.tokenExpiry.execute(db, { selector })).rows[0]?.expires_at,
    rotate: (write) =>
      db.transaction().execute(async (trx) => {
        const claimed = await q.claim.execute(trx, claimArgs(write));
        if (Number(claimed.numAffectedRows ?? 0) === 0) return false;
        await q.insertToken.execute(trx, insertArgs(write));
        await q.touchSession.execute(trx, touchArgs(write));
        return true;
      }),
  };
}

export function createSqliteRefreshStore(db: Kysely<Database>, sqlite: SqliteConnection, q: RefreshQueries): RefreshStore {
  const prepare = <Args extends Record<string, unknown>>(query: { sql: string; parameters(args: Args): unknown[] }) => {
    const statement = sqlite.prepare(query.sql);
    return {
      get: (args: Args) => statement.get(...query.parameters(args)),
      run: (args: Args) => statement.run(...query.parameters(args)),
    };
  };
  const lookup = prepare(q.lookup);
  const tokenExpiry = prepare(q.tokenExpiry);
  const claim = prepare(q.claim);
  const insert = prepare(q.insertToken);
  const touch = prepare(q.touchSession);
  const rotate = sqlite.transaction((w: RotationWrite) => {
    if (claim.run(claimArgs(w)).changes === 0) return false;
    insert.run(insertArgs(w));
    touch.run(touchArgs(w));
    return true;
  });

  // JavaScript runs one thing at a time, so a synchronous call can only meet another statement in the middle of a
  // Kysely transaction that is awaiting between its statements. Then we queue behind it on Kysely's connection,
  // rather than writing into (and possibly being rolled back with) someone else's transaction.
  const run = <T>(work: () => T): Promise<T> =>
    sqlite.inTransaction ? db.connection().execute(async () => work()) : Promise.resolve(work());

  return {
    lookup: (selector) => run(() => lookup.get({ selector }) as RefreshRow | undefined),
    tokenExpiry: (selector) => run(() => (tokenExpiry.get({ selector }) as { expires_at: number } | undefined)?.expires_at),
    rotate: (write) => run(() => rotate(write)),
  };
}
