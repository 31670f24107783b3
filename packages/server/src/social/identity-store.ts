// Social identities table access: find by (provider, subject), link, list a user's providers, unlink with a guard.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { Database, SocialIdentitiesTable } from '../db/schema.js';
import { isLastSignInMethod } from './sign-in-methods.js';

export type IdentityRow = SocialIdentitiesTable;

export interface NewIdentity {
  userId: string;
  provider: string;
  subject: string;
  email: string | null;
}

export interface IdentityStore {
  find(provider: string, subject: string): Promise<IdentityRow | undefined>;
  /**
   * What an explicit link must decide on, read in one statement: the identity (provider, subject), and whether the
   * user has another identity at that provider. Two separate reads raced with a concurrent link of the same identity
   * (a double click): the first missed it, the second saw it as "another account of this provider" and answered 409.
   */
  linkStateOf(userId: string, provider: string, subject: string): Promise<{ identity: IdentityRow | undefined; userHasOther: boolean }>;
  /** Inserts with the given executor, so it can share a transaction with the user it belongs to. */
  insert(executor: Kysely<Database>, identity: NewIdentity): Promise<IdentityRow>;
  /**
   * Links an identity to an existing user unless the user has one at that provider already (then
   * `'provider_linked'`), checked and written under the user's row lock so two concurrent links cannot both pass.
   * An identity linked meanwhile to anyone surfaces as the unique violation on (provider, subject).
   */
  linkToUser(identity: NewIdentity, onLinked?: InTransaction): Promise<'linked' | 'provider_linked'>;
  touch(id: string, email: string | null): Promise<void>;
  /** Provider ids linked to a user, sorted, each once. */
  providersOf(userId: string): Promise<string[]>;
  /**
   * Removes the user's identities at a provider unless that would leave no way to sign in (see isLastSignInMethod:
   * a password, an identity at another provider, or a verified email while `emailSignIn` is on).
   */
  unlink(
    userId: string,
    provider: string,
    options: { emailSignIn: boolean; onUnlinked?: InTransaction },
  ): Promise<'unlinked' | 'not_linked' | 'last_sign_in_method'>;
}

/** Runs in the transaction of a link or unlink that happened (its security event). */
export type InTransaction = (trx: Transaction<Database>) => Promise<unknown>;

export function createIdentityStore(
  db: Kysely<Database>,
  dialect: Dialect,
  now: () => number,
  transaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T> = (work) => db.transaction().execute(work),
): IdentityStore {
  /**
   * The user row, locked for the rest of the transaction: the sign-in methods of one user change one at a time, so a
   * check and the write it allows cannot interleave with another's. (SQLite runs one write transaction at a time, so
   * there the transaction alone is enough.)
   */
  const lockUser = (trx: Kysely<Database>, userId: string) => {
    let query = trx.selectFrom('users').select(['password_hash', 'email_verified']).where('id', '=', userId);
    if (dialect === 'postgres') query = query.forUpdate();
    return query.executeTakeFirst();
  };
  const insert = async (executor: Kysely<Database>, identity: NewIdentity): Promise<IdentityRow> => {
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
  };

  return {
    find: (provider, subject) =>
      db.selectFrom('social_identities').selectAll().where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst(),

    async linkStateOf(userId, provider, subject) {
      const rows = await db
        .selectFrom('social_identities')
        .selectAll()
        .where('provider', '=', provider)
        .where((eb) => eb.or([eb('subject', '=', subject), eb('user_id', '=', userId)]))
        .execute();
      const identity = rows.find((r) => r.subject === subject);
      return { identity, userHasOther: !identity && rows.some((r) => r.user_id === userId) };
    },

    insert,

    linkToUser: (identity, onLinked) =>
      transaction(async (trx) => {
        await lockUser(trx, identity.userId);
        const existing = await trx
          .selectFrom('social_identities')
          .select('id')
          .where('user_id', '=', identity.userId)
          .where('provider', '=', identity.provider)
          .executeTakeFirst();
        if (existing) return 'provider_linked' as const;
        await insert(trx, identity);
        await onLinked?.(trx);
        return 'linked' as const;
      }),

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

    unlink: (userId, provider, { emailSignIn, onUnlinked }) =>
      transaction(async (trx) => {
        // Two unlinks of a user's last two identities must not both pass the check.
        const user = await lockUser(trx, userId);
        const identities = await trx.selectFrom('social_identities').select('provider').where('user_id', '=', userId).execute();
        if (!user || !identities.some((i) => i.provider === provider)) return 'not_linked' as const;
        const passkeys = await trx.selectFrom('webauthn_credentials').select('id').where('user_id', '=', userId).execute();
        const last = isLastSignInMethod({
          hasPassword: user.password_hash !== null,
          otherIdentities: identities.filter((i) => i.provider !== provider).length,
          emailVerified: user.email_verified === 1,
          emailSignIn,
          passkeys: passkeys.length,
        });
        if (last) return 'last_sign_in_method' as const;
        await trx.deleteFrom('social_identities').where('user_id', '=', userId).where('provider', '=', provider).execute();
        await onUnlinked?.(trx);
        return 'unlinked' as const;
      }),
  };
}
