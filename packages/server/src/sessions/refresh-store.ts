// The refresh path's storage: one interface, two implementations over the same compiled queries.
// - PostgreSQL (Kysely): the rotation is one UPDATE ... FROM users ... RETURNING, one round trip.
// - SQLite (better-sqlite3, synchronous): Kysely's async driver only adds promise hops, a mutex and a Kysely
//   instance per connection grab: measured with a CPU profile under load, that was about a tenth of a refresh's CPU.
// Both run the same tests (session-store.test.ts, refresh-flow.test.ts loop over the dialects).
import type { Kysely } from 'kysely';
import type { SqliteConnection } from '../db/database.js';
import type { PreparedQuery } from '../db/prepared-query.js';
import type { Database, SessionsTable, UsersTable } from '../db/schema.js';
import type { RefreshQueries, RefreshRow, RotateArgs } from './refresh-queries.js';

export interface RefreshStore {
  /** Advances the chain from `args.generation` if the session is live and still there: the row after, or undefined. */
  rotate(args: RotateArgs): Promise<RefreshRow | undefined>;
  /** The session with its user, by id. */
  read(sessionId: string): Promise<RefreshRow | undefined>;
}

export function createPostgresRefreshStore(db: Kysely<Database>, q: RefreshQueries): RefreshStore {
  return {
    rotate: async (args) => (await q.rotateJoined.execute(db, args)).rows[0],
    read: async (id) => (await q.read.execute(db, { id })).rows[0],
  };
}

/** The joined row of a session and its user, as the PostgreSQL statement returns it. */
function joinRow(session: SessionsTable, user: UsersTable): RefreshRow {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(session)) row[`s_${key}`] = value;
  for (const [key, value] of Object.entries(user)) if (key !== 'id') row[`u_${key}`] = value;
  return row as unknown as RefreshRow;
}

export function createSqliteRefreshStore(db: Kysely<Database>, sqlite: SqliteConnection, q: RefreshQueries): RefreshStore {
  const prepare = <R, Args extends Record<string, unknown>>(query: PreparedQuery<R, Args>) => {
    const statement = sqlite.prepare(query.sql);
    return (args: Args) => statement.get(...query.parameters(args)) as R | undefined;
  };
  const rotateSession = prepare(q.rotateSession);
  const userById = prepare(q.userById);
  const read = prepare(q.read);
  const rotate = sqlite.transaction((args: RotateArgs): RefreshRow | undefined => {
    const session = rotateSession(args);
    const user = session && userById({ id: session.user_id });
    return session && user ? joinRow(session, user) : undefined;
  });

  // JavaScript runs one thing at a time, so a synchronous call can only meet another statement in the middle of a
  // Kysely transaction that is awaiting between its statements. Then we queue behind it on Kysely's connection,
  // rather than writing into (and possibly being rolled back with) someone else's transaction.
  const run = <T>(work: () => T): Promise<T> =>
    sqlite.inTransaction ? db.connection().execute(async () => work()) : Promise.resolve(work());

  return {
    rotate: (args) => run(() => rotate(args)),
    read: (id) => run(() => read({ id })),
  };
}
