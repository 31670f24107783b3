// Migration 0002_social: social identities (many per user) and the nonces already used (replaced by 0005), shared by every instance.
import type { Kysely, Migration } from 'kysely';

export const socialMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('social_identities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      // OIDC Core §2: iss + sub is the stable identifier of an end-user; never the email.
      .addUniqueConstraint('social_identities_provider_subject', ['provider', 'subject'])
      .execute();
    await db.schema.createIndex('social_identities_user_id').on('social_identities').column('user_id').execute();

    await db.schema
      .createTable('social_nonces')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('social_nonces_expires_at').on('social_nonces').column('expires_at').execute();
  },
};

/**
 * Migration 0005_social_issued_nonces: nonces become ones Tessera hands out (issue 10 item 8) instead of ones it saw
 * used. A new table, because a row of the old one means "used" and must never read as "handed out"; the old one goes.
 */
export const socialNonceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('social_issued_nonces')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('social_issued_nonces_expires_at').on('social_issued_nonces').column('expires_at').execute();
    await db.schema.dropTable('social_nonces').execute();
  },
};
