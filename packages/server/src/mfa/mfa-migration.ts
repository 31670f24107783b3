// Migration 0010_mfa: TOTP secrets, recovery codes, the MFA step's challenges, and a per-user "MFA required" flag.
import { type Kysely, type Migration } from 'kysely';

export const mfaMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // An admin or the application can require a second factor of one user, whatever MFA_REQUIRED says.
    await db.schema
      .alterTable('users')
      .addColumn('mfa_required', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('mfa_totp')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      // The shared secret sealed with TESSERA_SECRET (keys/secret-box.ts): a copy of the database mints no codes.
      .addColumn('secret', 'text', (c) => c.notNull())
      // Null until a first code confirms the user's authenticator holds it; only then does sign-in ask for it.
      .addColumn('confirmed_at', 'bigint')
      // RFC 6238 §5.2: the time step of the last accepted code; a code of this step or an older one is refused.
      .addColumn('last_step', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('mfa_recovery_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // SHA-256 of the code: the codes exist only in the answer that showed them.
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('mfa_recovery_codes_user').on('mfa_recovery_codes').columns(['user_id', 'code_hash']).execute();

    await db.schema
      .createTable('mfa_challenges')
      // SHA-256 of the mfa_token handed to the client after its first factor.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // The first factor's RFC 8176 methods (JSON, reauth/amr.ts), combined with the second one's at the end.
      .addColumn('amr', 'text', (c) => c.notNull())
      // The client that passed the first factor; the token answers only to it.
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mfa_challenges_expires_at').on('mfa_challenges').column('expires_at').execute();
  },
};
