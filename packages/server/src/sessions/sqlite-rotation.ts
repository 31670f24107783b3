// The refresh hot path on SQLite, run synchronously on the better-sqlite3 handle.
// better-sqlite3 is synchronous, so Kysely's async driver only adds promise hops, a mutex and a Kysely instance
// per connection grab: measured with a CPU profile under load, that was about a tenth of a refresh's CPU.
// PostgreSQL keeps the Kysely path in session-store.ts; both run the same test suite.
import type { Kysely } from 'kysely';
import type { SqliteConnection } from '../db/database.js';
import type { Database } from '../db/schema.js';

export interface RotationWrite {
  /** Selector of the token being spent. */
  selector: string;
  successor: { id: string; verifierHash: string };
  sessionId: string;
  at: number;
  expiresAt: number;
}

export interface SqliteRefreshPath {
  /** The token row joined with its session and user (the same columns as the Kysely query), or undefined. */
  lookup(selector: string): Promise<Record<string, any> | undefined>;
  /** Rotates atomically; false when another request rotated the token first. */
  rotate(write: RotationWrite): Promise<boolean>;
}

export function createSqliteRefreshPath(db: Kysely<Database>, sqlite: SqliteConnection, lookupSql: string): SqliteRefreshPath {
  const select = sqlite.prepare(lookupSql);
  const claim = sqlite.prepare('update "refresh_tokens" set "rotated_at" = ? where "id" = ? and "rotated_at" is null');
  const insert = sqlite.prepare(
    'insert into "refresh_tokens" ("id", "session_id", "verifier_hash", "created_at", "expires_at", "rotated_at") values (?, ?, ?, ?, ?, null)',
  );
  const touch = sqlite.prepare('update "sessions" set "last_used_at" = ?, "expires_at" = ? where "id" = ?');
  const rotate = sqlite.transaction((w: RotationWrite) => {
    if (claim.run(w.at, w.selector).changes === 0) return false;
    insert.run(w.successor.id, w.sessionId, w.successor.verifierHash, w.at, w.expiresAt);
    touch.run(w.at, w.expiresAt, w.sessionId);
    return true;
  });

  // JavaScript runs one thing at a time, so a synchronous call can only meet another statement in the middle of a
  // Kysely transaction that is awaiting between its statements. Then we queue behind it on Kysely's connection,
  // rather than writing into (and possibly being rolled back with) someone else's transaction.
  const run = <T>(work: () => T): Promise<T> =>
    sqlite.inTransaction ? db.connection().execute(async () => work()) : Promise.resolve(work());

  return {
    lookup: (selector) => run(() => select.get(selector) as Record<string, any> | undefined),
    rotate: (write) => run(() => rotate(write)),
  };
}
