// Migration 0009_session_amr: how each session last proved its user (reauth/amr.ts), carried as the tokens' `amr`.
// Sessions started before it signed in with a password, a provider or a mailed link; which one is not recorded, so
// they read as a password sign-in, the weakest claim that is true of most and that no guard treats as a second factor.
import type { Kysely, Migration } from 'kysely';

export const sessionAmrMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('sessions')
      .addColumn('amr', 'text', (c) => c.notNull().defaultTo('["pwd"]'))
      .execute();
  },
};
