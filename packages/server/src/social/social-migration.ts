// Migration 0002_social: social identities (many per user) and the nonces already used, shared by every instance.
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
