// Migration 0007_account_email: the single-use tokens of the email flows and the outbox their mail leaves through.
import { sql, type Kysely, type Migration } from 'kysely';

export const accountEmailMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('email_tokens')
      // SHA-256 of the token: the token itself exists only in the mail.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      // The address the mail went to: the new one for an email change, the old one for its revert link.
      .addColumn('email', 'text', (c) => c.notNull())
      // Fingerprint of the user's email and password hash at issue: a change to either kills the token.
      .addColumn('binding', 'text', (c) => c.notNull())
      // HMAC of the 6-digit code of a passwordless sign-in, with its failed attempts.
      .addColumn('code_hash', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('email_tokens_user_purpose').on('email_tokens').columns(['user_id', 'purpose']).execute();
    await db.schema.createIndex('email_tokens_expires_at').on('email_tokens').column('expires_at').execute();

    await db.schema
      .createTable('mail_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      // The template's data, links and codes included, encrypted with TESSERA_SECRET; emptied once sent.
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      // A sender's lease on the row, so two instances never send one message at once.
      .addColumn('locked_until', 'bigint')
      .addColumn('sent_at', 'bigint')
      .addColumn('failed_at', 'bigint')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema
      .createIndex('mail_outbox_due')
      .on('mail_outbox')
      .column('next_attempt_at')
      .where(sql.ref('sent_at'), 'is', null)
      .execute();
  },
};
