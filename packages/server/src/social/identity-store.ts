// Social identities table access: find by (provider, subject), link, list a user's providers, unlink with a guard.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { Database, SocialIdentitiesTable } from '../db/schema.js';

export type IdentityRow = SocialIdentitiesTable;

export interface NewIdentity {
  userId: string;
  provider: string;
  subject: string;
  email: string | null;
}

export interface IdentityStore {
  find(provider: string, subject: string): Promise<IdentityRow | undefined>;
  /** Inserts with the given executor, so it can share a transaction with the user it belongs to. */
  insert(executor: Kysely<Database>, identity: NewIdentity): Promise<IdentityRow>;
  touch(id: string, email: string | null): Promise<void>;
  /** Provider ids linked to a user, sorted, each once. */
  providersOf(userId: string): Promise<string[]>;
  /**
   * Removes the user's identities at a provider unless that would leave no way to sign in
   * (no password and no identity at another provider).
   */
  unlink(userId: string, provider: string): Promise<'unlinked' | 'not_linked' | 'last_sign_in_method'>;
}

export function createIdentityStore(db: Kysely<Database>, dialect: Dialect, now: () => number): IdentityStore {
  return {
    find: (provider, subject) =>
      db.selectFrom('social_identities').selectAll().where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst(),

    async insert(executor, identity) {
      const at = now();
      const row: IdentityRow = {
        id: randomUUID(),
        user_id: identity.userId,
        provider: identity.provider,
        subject: identity.subject,
        email: identity.email,
        created_at: at,
        last_used_at: at,
      };
      await executor.insertInto('social_identities').values(row).execute();
      return row;
    },

    async touch(id, email) {
      await db.updateTable('social_identities').set({ last_used_at: now(), email }).where('id', '=', id).execute();
    },

    async providersOf(userId) {
      const rows = await db
        .selectFrom('social_identities')
        .select('provider')
        .distinct()
        .where('user_id', '=', userId)
        .orderBy('provider')
        .execute();
      return rows.map((r) => r.provider);
    },

    unlink: (userId, provider) =>
      db.transaction().execute(async (trx) => {
        // Two unlinks of a user's last two identities must not both pass the check: lock the user row first.
        // (SQLite runs one write transaction at a time, so there the transaction alone is enough.)
        let userQuery = trx.selectFrom('users').select('password_hash').where('id', '=', userId);
        if (dialect === 'postgres') userQuery = userQuery.forUpdate();
        const user = await userQuery.executeTakeFirst();
        const identities = await trx.selectFrom('social_identities').select('provider').where('user_id', '=', userId).execute();
        if (!user || !identities.some((i) => i.provider === provider)) return 'not_linked' as const;
        const others = identities.filter((i) => i.provider !== provider).length;
        if (user.password_hash === null && others === 0) return 'last_sign_in_method' as const;
        await trx.deleteFrom('social_identities').where('user_id', '=', userId).where('provider', '=', provider).execute();
        return 'unlinked' as const;
      }),
  };
}
