// Migration 0006_session_revocations: the revocation log every instance's in-memory set of revoked sessions is built
// from (sessions/revocation-watch.ts). A row per revoked session, written in the transaction that revokes it.
import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

export const revocationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('session_revocations')
      // SQLite polls the log by id: its writers take turns, so ids are handed out in commit order. PostgreSQL does not
      // read by id (NOTIFY carries the revocations), but the column keeps the two schemas alike.
      .addColumn('id', 'integer', (c) => (postgres ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey()))
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('session_revocations_revoked_at').on('session_revocations').column('revoked_at').execute();
  },
};
