// Recovery codes: ten single-use codes shown once, stored as SHA-256 hashes. A new set replaces the old one in one
// transaction; a code is spent by one conditional UPDATE, so two requests with the same code cannot both pass.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Core } from '../core.js';
import type { Database } from '../db/schema.js';

const RECOVERY_CODE_COUNT = 10;

/** Crockford-style alphabet without look-alikes (0/O, 1/I/L), so a code copied by hand survives. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `XXXXX-XXXXX`: 10 characters from 31, about 49.5 bits, guessed only through the MFA step's limits. */
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let code = '';
  // 256 % 31 leaves a bias of under 1 in 8 per character: immaterial next to the attempt limits, kept simple.
  for (const byte of bytes) code += ALPHABET[byte % ALPHABET.length];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What the user types, made canonical: case, spaces and dashes do not matter. */
function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

const hashCode = (code: string) => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');

/** Replaces the user's codes with a new set and answers it (the only time the codes are seen). */
export async function replaceRecoveryCodes(core: Core, userId: string, trx?: Transaction<Database>): Promise<string[]> {
  if (!trx) return core.db.transaction().execute((own) => replaceRecoveryCodes(core, userId, own));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const at = core.config.now();
  await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('mfa_recovery_codes')
    .values(codes.map((code) => ({ id: randomUUID(), user_id: userId, code_hash: hashCode(code), created_at: at, used_at: null })))
    .execute();
  return codes;
}

/** Spends the code: true for exactly one caller, false when it is unknown or used. */
export async function consumeRecoveryCode(core: Core, userId: string, code: string): Promise<boolean> {
  const rows = await core.db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: core.config.now() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashCode(code))
    .where('used_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length === 1;
}

export async function hasUnusedRecoveryCodes(core: Core, userId: string): Promise<boolean> {
  const row = await core.db
    .selectFrom('mfa_recovery_codes')
    .select('id')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(core: Core, userId: string): Promise<number> {
  const row = await core.db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function removeRecoveryCodes(core: Core, userId: string): Promise<void> {
  await core.db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
}
