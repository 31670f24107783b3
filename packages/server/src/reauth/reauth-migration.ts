// Migration 0008_session_auth_time: when each session last proved who its user is (sign-in, reset, magic link,
// reauthentication), for the "recent authentication" rule and the access token's auth_time.
import { sql, type Kysely, type Migration } from 'kysely';

export const sessionAuthTimeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('sessions')
      .addColumn('authenticated_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update sessions set authenticated_at = created_at`.execute(db);
  },
};
