// The short-lived single-use rows, purged once expired by the hourly job (sessions/purge-schedule.ts). Each table is
// also pruned on its own path (a new nonce or passkey challenge deletes the expired ones; a sign-in of the same user
// deletes that user's MFA challenges), but nothing did when that path went quiet: the mfa_token of every abandoned
// second step stayed until its user signed in again, if ever.
import type { Kysely } from 'kysely';
import { deleteInBatches, PURGE_BATCH } from './delete-in-batches.js';
import type { Database } from './schema.js';

/** The tables of rows that are useless past `expires_at`, and what the purge counts them as. */
const CHALLENGE_TABLES = {
  mfaChallenges: 'mfa_challenges',
  passkeyChallenges: 'webauthn_challenges',
  socialNonces: 'social_issued_nonces',
} as const satisfies Record<string, keyof Database>;

export type PurgedChallenges = Record<keyof typeof CHALLENGE_TABLES, number>;

/** Deletes the rows that expired before `now`, in small batches; resolves with how many went, per table. */
export async function purgeExpiredChallenges(db: Kysely<Database>, now: number): Promise<PurgedChallenges> {
  const purged = {} as PurgedChallenges;
  for (const [name, table] of Object.entries(CHALLENGE_TABLES) as [
    keyof PurgedChallenges,
    (typeof CHALLENGE_TABLES)[keyof PurgedChallenges],
  ][]) {
    purged[name] = await deleteInBatches(async () => {
      // The three tables share `id` and `expires_at`; Kysely checks the columns against the union of them.
      const result = await db
        .deleteFrom(table)
        .where('id', 'in', db.selectFrom(table).select('id').where('expires_at', '<', now).limit(PURGE_BATCH))
        .executeTakeFirst();
      return result.numDeletedRows;
    });
  }
  return purged;
}
