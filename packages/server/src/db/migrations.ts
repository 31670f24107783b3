// Schema migrations, in code so they ship inside the package; run on start and by `tessera migrate`.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { withSchemaIntrospection } from './migration-introspection.js';
import type { Database } from './schema.js';
import { socialMigration, socialNonceMigration } from '../social/social-migration.js';
import { revocationMigration } from '../sessions/revocation-migration.js';
import { accountEmailMigration } from '../email/email-migration.js';
import { sessionAuthTimeMigration } from '../reauth/reauth-migration.js';
import { sessionAmrMigration } from '../reauth/amr-migration.js';
import { webhookMigration } from '../webhooks/webhook-migration.js';
import { passkeysMigration } from '../passkeys/passkey-migration.js';
import { mfaMigration } from '../mfa/mfa-migration.js';
import { securityEventsMigration } from '../events/security-events-migration.js';
import { accountAdminMigration } from '../admin/admin-migration.js';

const migrations: Readonly<Record<string, Migration>> = {
  '0001_core': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text')
        .addColumn('name', 'text')
        .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_superuser', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('custom', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('absolute_expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoked_reason', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('verifier_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('rotated_at', 'bigint')
        .execute();
      await db.schema.createIndex('refresh_tokens_session_id').on('refresh_tokens').column('session_id').execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('retired_at', 'bigint')
        .execute();

      await db.schema
        .createTable('tessera_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_social': socialMigration,
  // Refresh tokens become a chain derived from the session row (sessions/refresh-token.ts): a refresh is one
  // conditional update of the session, and storage stays constant per session. The indexes serve the purge.
  '0003_session_chain': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('sessions')
        .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('sessions').addColumn('rotated_at', 'bigint').execute();
      await db.schema.alterTable('sessions').addColumn('previous_rotated_at', 'bigint').execute();
      await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();
      await db.schema.createIndex('sessions_revoked_at').on('sessions').column('revoked_at').execute();
      await db.schema.createIndex('refresh_tokens_expires_at').on('refresh_tokens').column('expires_at').execute();
    },
  },
  // Exactly one current signing key per algorithm, whatever instances race at start-up (a partial unique index);
  // keys published before they sign (not_before); the change feed's table for SQLite.
  '0004_keys_and_changes': {
    // Typed with the columns as this migration knows them, not with today's schema.
    async up(db: Kysely<{ signing_keys: { kid: string; alg: string; created_at: number; retired_at: number | null } }>) {
      await db.schema.alterTable('signing_keys').addColumn('not_before', 'bigint').execute();
      // A race of the first design could leave two current keys: keep the newest of each algorithm.
      const current = await db
        .selectFrom('signing_keys')
        .select(['kid', 'alg'])
        .where('retired_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      const seen = new Set<string>();
      for (const key of current) {
        if (!seen.has(key.alg)) seen.add(key.alg);
        else await db.updateTable('signing_keys').set({ retired_at: Date.now() }).where('kid', '=', key.kid).execute();
      }
      await db.schema
        .createIndex('signing_keys_one_current')
        .on('signing_keys')
        .column('alg')
        .unique()
        .where(sql.ref('retired_at'), 'is', null)
        .execute();
      await db.schema
        .createTable('tessera_changes')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0005_social_issued_nonces': socialNonceMigration,
  // The revocation log: every instance learns of revoked sessions from it (sessions/revocation-watch.ts).
  '0006_session_revocations': revocationMigration,
  '0007_account_email': accountEmailMigration,
  '0008_session_auth_time': sessionAuthTimeMigration,
  '0009_session_amr': sessionAmrMigration,
  '0010_mfa': mfaMigration,
  '0011_passkeys': passkeysMigration,
  '0012_security_events': securityEventsMigration,
  '0013_webhooks': webhookMigration,
  '0014_account_admin': accountAdminMigration,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run from several instances at once (Kysely takes a lock). */
export async function migrateToLatest(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema; pin them to ours so two schemas in one
  // PostgreSQL database (tests, or apps sharing a server) do not see each other's.
  const schema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  if (await isCurrent(db, schema)) return [];
  const migrator = new Migrator({
    // Its introspection scoped to our schema: Kysely's lists every schema's tables (migration-introspection.ts).
    db: schema ? withSchemaIntrospection(db, schema) : db,
    provider,
    migrationTableName: 'tessera_migrations',
    migrationLockTableName: 'tessera_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether every migration is recorded already, and no other: one read of the bookkeeping table. The Migrator itself
 * first lists every table of the database (on PostgreSQL, of every schema) and takes its lock, which was most of a
 * restart's start-up: 120-400 ms on a quiet machine, over a second under load, against issue 11's bound of 2 s from
 * the database's return to a serving port. A missing table, a new migration or an unknown one leaves it to the
 * Migrator (which also reports the unknown one).
 */
async function isCurrent(db: Kysely<Database>, schema: string | undefined): Promise<boolean> {
  const table = schema ? sql.table(`${schema}.tessera_migrations`) : sql.table('tessera_migrations');
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
    const names = Object.keys(migrations);
    return rows.length === names.length && rows.every((row) => names.includes(row.name));
  } catch {
    return false;
  }
}
