// The TOTP rows: one per user, the secret sealed with TESSERA_SECRET, active once confirmed, and the last accepted
// time step advanced by one conditional UPDATE so two requests with the same code cannot both pass.
import type { Kysely } from 'kysely';
import type { Core } from '../core.js';
import type { Database } from '../db/schema.js';

/** The box context: a sealed secret copied into another user's row does not open there. */
const sealContext = (userId: string) => `mfa_totp/${userId}`;

export interface TotpRecord {
  secret: string;
  confirmed: boolean;
  lastStep: number | null;
}

export async function findTotp(core: Core, userId: string): Promise<TotpRecord | undefined> {
  const row = await core.db.selectFrom('mfa_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row) return undefined;
  return {
    secret: core.box.open(row.secret, sealContext(userId)),
    confirmed: row.confirmed_at !== null,
    lastStep: row.last_step === null ? null : Number(row.last_step),
  };
}

export async function hasConfirmedTotp(core: Core, userId: string): Promise<boolean> {
  const row = await core.db
    .selectFrom('mfa_totp')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a new unconfirmed secret, replacing an unconfirmed one; false (nothing written) when one is confirmed. */
export async function startTotpSetup(core: Core, userId: string, secret: string): Promise<boolean> {
  const sealed = core.box.seal(secret, sealContext(userId));
  const at = core.config.now();
  // Only an unconfirmed row is replaced: a confirmed authenticator is removed on purpose (DELETE), never overwritten.
  await core.db.deleteFrom('mfa_totp').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
  const result = await core.db
    .insertInto('mfa_totp')
    .values({ user_id: userId, secret: sealed, confirmed_at: null, last_step: null, created_at: at })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Records `step` as used, if it is newer than the last one used (RFC 6238 §5.2: a code is accepted once). With
 * `confirm`, the row must be unconfirmed and becomes confirmed; otherwise it must be confirmed already.
 */
export async function acceptStep(
  core: Core,
  userId: string,
  step: number,
  { confirm = false, executor = core.db }: { confirm?: boolean; executor?: Kysely<Database> } = {},
): Promise<boolean> {
  const at = core.config.now();
  const query = executor
    .updateTable('mfa_totp')
    .set(confirm ? { last_step: step, confirmed_at: at } : { last_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', confirm ? 'is' : 'is not', null)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]));
  const rows = await query.returning('user_id').execute();
  return rows.length === 1;
}

export async function removeTotp(core: Core, userId: string, executor: Kysely<Database> = core.db): Promise<boolean> {
  const result = await executor.deleteFrom('mfa_totp').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
