// Migration 0014_account_admin: disabled accounts (admin/disable-user.ts) and impersonation sessions
// (admin/impersonate.ts), plus the index the admin list pages through.
import type { Kysely, Migration } from 'kysely';

export const accountAdminMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
    // The admin acting as the session's user. Deleting that admin deletes these sessions with them (they are revoked
    // first by account/delete-account.ts), so no row keeps a deleted user's id.
    await db.schema
      .alterTable('sessions')
      .addColumn('impersonator_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('sessions_impersonator_id').on('sessions').column('impersonator_id').execute();
    // The admin list's order and cursor: (created_at, id).
    await db.schema.createIndex('users_created_at_id').on('users').columns(['created_at', 'id']).execute();
  },
};
