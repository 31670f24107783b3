// Users table access and the public user object (id, email, name, email_verified, created_at + custom fields).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Database, UsersTable } from '../db/schema.js';
import { TesseraError } from '../errors.js';
import { normalizeEmail } from './normalize-email.js';
import type { PublicUser } from './public-user.js';

export type { PublicUser } from './public-user.js';

export type UserRow = UsersTable;

export interface NewUser {
  email: string;
  passwordHash: string | null;
  name?: string | null | undefined;
  emailVerified?: boolean;
  isSuperuser?: boolean;
  custom?: Record<string, unknown>;
}

export interface UserStore {
  findByEmail(email: string): Promise<UserRow | undefined>;
  findById(id: string): Promise<UserRow | undefined>;
  /** Throws `email_taken` when the email is registered already. */
  insert(user: NewUser): Promise<UserRow>;
  update(
    id: string,
    changes: { name?: string | null; custom?: Record<string, unknown>; passwordHash?: string; notifyNewSignIn?: boolean },
  ): Promise<UserRow>;
  list(options?: { limit?: number; offset?: number }): Promise<UserRow[]>;
  toPublic(row: UserRow): PublicUser;
}

export function createUserStore(db: Kysely<Database>, config: ResolvedConfig): UserStore {
  const fieldNames = Object.keys(config.userFields);

  return {
    findByEmail: (email) => db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst(),
    findById: (id) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    async insert(user) {
      const now = config.now();
      const row: UserRow = {
        id: randomUUID(),
        email: normalizeEmail(user.email),
        password_hash: user.passwordHash,
        name: user.name ?? null,
        email_verified: user.emailVerified ? 1 : 0,
        is_superuser: user.isSuperuser ? 1 : 0,
        custom: JSON.stringify(user.custom ?? {}),
        created_at: now,
        updated_at: now,
        notify_new_sign_in: 1,
        disabled_at: null,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new TesseraError('email_taken', 'An account with this email exists already');
        throw error;
      }
      return row;
    },

    async update(id, changes) {
      const current = await db.selectFrom('users').select('custom').where('id', '=', id).executeTakeFirstOrThrow();
      const set: Partial<UserRow> = { updated_at: config.now() };
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
      if (changes.notifyNewSignIn !== undefined) set.notify_new_sign_in = changes.notifyNewSignIn ? 1 : 0;
      if (changes.custom) set.custom = JSON.stringify({ ...parseCustom(current.custom), ...changes.custom });
      await db.updateTable('users').set(set).where('id', '=', id).execute();
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    },

    list: ({ limit = 100, offset = 0 } = {}) =>
      db.selectFrom('users').selectAll().orderBy('created_at').limit(limit).offset(offset).execute(),

    toPublic(row) {
      const custom = parseCustom(row.custom);
      const user: PublicUser = {
        id: row.id,
        email: row.email,
        name: row.name,
        email_verified: row.email_verified === 1,
        created_at: new Date(row.created_at).toISOString(),
      };
      for (const name of fieldNames) user[name] = custom[name] ?? null;
      return user;
    },
  };
}

function parseCustom(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** SQLite says SQLITE_CONSTRAINT_UNIQUE, PostgreSQL says 23505. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
