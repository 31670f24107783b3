// Migration 0012_security_events: the security events table (events/event-recorder.ts) and the per-user opt-out of
// the new-device mail (events/notifications.ts).
// user_id has no foreign key on purpose: deleting an account must keep its events (with user_id set to null by the
// deletion), and a cascading key would delete them; a plain column also costs no lookup on the login path's insert.
import type { Kysely, Migration } from 'kysely';

export const securityEventsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('security_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('session_id', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    // GET /auth/me/events pages through one user's events newest first; ids are time-ordered, so (user_id, id) is
    // that order with its ties broken, and the new-device check reads the same range.
    await db.schema.createIndex('security_events_user_id').on('security_events').columns(['user_id', 'id desc']).execute();
    await db.schema.createIndex('security_events_at').on('security_events').column('at').execute();
    await db.schema
      .alterTable('users')
      .addColumn('notify_new_sign_in', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
