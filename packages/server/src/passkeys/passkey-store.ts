// The passkeys table: a user's WebAuthn credentials, their names, and the signature counter of each.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Core } from '../core.js';
import type { Dialect } from '../db/database.js';
import type { Database, WebauthnCredentialsTable } from '../db/schema.js';
import { isLastSignInMethod } from '../social/sign-in-methods.js';

export type PasskeyRow = Selectable<WebauthnCredentialsTable>;

export type NewPasskey = Omit<PasskeyRow, 'last_used_at'>;

/** What the user sees of a passkey: never its key. */
export interface PublicPasskey {
  id: string;
  name: string;
  /** ISO 8601, like every time the API answers. */
  created_at: string;
  last_used_at: string | null;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: boolean;
}

export function toPublicPasskey(row: PasskeyRow): PublicPasskey {
  return {
    id: row.id,
    name: row.name,
    created_at: new Date(row.created_at).toISOString(),
    last_used_at: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
    device_type: row.device_type === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    backed_up: row.backed_up === 1,
  };
}

export function transportsOf(row: Pick<PasskeyRow, 'transports'>): string[] {
  try {
    const parsed: unknown = JSON.parse(row.transports);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export interface PasskeyStore {
  listOf(userId: string): Promise<PasskeyRow[]>;
  countOf(userId: string): Promise<number>;
  find(id: string): Promise<PasskeyRow | undefined>;
  /** False when a passkey with this id exists already (for anyone). */
  add(passkey: NewPasskey): Promise<boolean>;
  rename(userId: string, id: string, name: string): Promise<PasskeyRow | undefined>;
  /**
   * Records a use: the counter moves to `counter` only if that is accepted over the stored one (signature-counter.ts),
   * in one conditional update, so two assertions carrying the same counter cannot both pass. False: refused.
   */
  recordUse(id: string, use: { counter: number; backedUp: boolean }): Promise<boolean>;
  /** Removes the user's passkey unless it is their last way to sign in. */
  /** `recorded` runs in the removal's transaction once the row is gone (its passkey.removed event). */
  remove(
    userId: string,
    id: string,
    context: { emailSignIn: boolean; recorded?: (trx: Transaction<Database>) => Promise<unknown> },
  ): Promise<'removed' | 'not_found' | 'last_sign_in_method'>;
}

type InTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

function createPasskeyStore(db: Kysely<Database>, dialect: Dialect, now: () => number, transaction: InTransaction): PasskeyStore {
  return {
    listOf: (userId) =>
      db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute(),

    async countOf(userId) {
      const row = await db
        .selectFrom('webauthn_credentials')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    find: (id) => db.selectFrom('webauthn_credentials').selectAll().where('id', '=', id).executeTakeFirst(),

    async add(passkey) {
      // An authenticator that ignored excludeCredentials, or a replayed registration of another account's key:
      // the id is the primary key, so the insert does nothing and the caller refuses.
      const result = await db
        .insertInto('webauthn_credentials')
        .values({ ...passkey, last_used_at: null })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    async rename(userId, id, name) {
      await db.updateTable('webauthn_credentials').set({ name }).where('id', '=', id).where('user_id', '=', userId).execute();
      return db.selectFrom('webauthn_credentials').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    },

    async recordUse(id, { counter, backedUp }) {
      const result = await db
        .updateTable('webauthn_credentials')
        .set({ counter, backed_up: backedUp ? 1 : 0, last_used_at: now() })
        .where('id', '=', id)
        // The rule of signature-counter.ts, as SQL over the stored value: greater, or both zero.
        .where((eb) => (counter === 0 ? eb('counter', '=', 0) : eb('counter', '<', counter)))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    remove: (userId, id, { emailSignIn, recorded }) =>
      transaction(async (trx) => {
        // Two removals of a user's last two ways in must not both pass the check: lock the user row (PostgreSQL;
        // SQLite runs one write transaction at a time).
        let query = trx.selectFrom('users').select(['password_hash', 'email_verified']).where('id', '=', userId);
        if (dialect === 'postgres') query = query.forUpdate();
        const user = await query.executeTakeFirst();
        const passkeys = await trx.selectFrom('webauthn_credentials').select('id').where('user_id', '=', userId).execute();
        if (!user || !passkeys.some((p) => p.id === id)) return 'not_found' as const;
        const identities = await trx.selectFrom('social_identities').select('id').where('user_id', '=', userId).execute();
        const last = isLastSignInMethod({
          hasPassword: user.password_hash !== null,
          otherIdentities: identities.length,
          emailVerified: user.email_verified === 1,
          emailSignIn,
          passkeys: passkeys.length - 1,
        });
        if (last) return 'last_sign_in_method' as const;
        await trx.deleteFrom('webauthn_credentials').where('id', '=', id).where('user_id', '=', userId).execute();
        await recorded?.(trx);
        return 'removed' as const;
      }),
  };
}

/**
 * The store over the core's database, or over `executor` (a transaction of the caller's); its own transactions are
 * the event recorder's, so the events written in them reach webhooks and onEvent after commit.
 */
export const passkeysOf = (core: Core, executor: Kysely<Database> = core.db): PasskeyStore =>
  createPasskeyStore(executor, core.dialect, core.config.now, (work) => core.events.transaction(work));
