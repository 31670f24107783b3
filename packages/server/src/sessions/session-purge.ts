// Deletes ended sessions in small indexed batches (db/delete-in-batches.ts), so a purge never holds the event loop
// or a PostgreSQL lock for long, however much has piled up.
import type { Kysely } from 'kysely';
import { deleteInBatches, PURGE_BATCH } from '../db/delete-in-batches.js';
import type { Database } from '../db/schema.js';

/** Ended sessions are kept a day, so a late reuse still meets "revoked" rather than "unknown" (both refuse). */
const KEEP_ENDED_MS = 86_400_000;

/**
 * `revocationLifetimeMs`: how long instances need a revocation (revoked-sessions.ts); its log rows are kept that
 * long, and at least the day ended sessions are kept.
 */
export async function purgeEndedSessions(
  db: Kysely<Database>,
  now: number,
  revocationLifetimeMs = 0,
): Promise<{ sessions: number; legacyTokens: number; revocations: number }> {
  const cutoff = now - KEEP_ENDED_MS;
  let sessions = 0;
  for (const column of ['expires_at', 'revoked_at'] as const) {
    sessions += await deleteInBatches(async () => {
      const result = await db
        .deleteFrom('sessions')
        .where('id', 'in', db.selectFrom('sessions').select('id').where(column, '<', cutoff).limit(PURGE_BATCH))
        .executeTakeFirst();
      return result.numDeletedRows;
    });
  }
  // Tokens of the first design (legacy-refresh-token.ts) go as they expire; their sessions' cascade takes the rest.
  const legacyTokens = await deleteInBatches(async () => {
    const result = await db
      .deleteFrom('refresh_tokens')
      .where('id', 'in', db.selectFrom('refresh_tokens').select('id').where('expires_at', '<', now).limit(PURGE_BATCH))
      .executeTakeFirst();
    return result.numDeletedRows;
  });
  // The newest row stays whatever its age: SQLite would hand its id out again, and pollers read by id.
  const revocationCutoff = now - Math.max(KEEP_ENDED_MS, revocationLifetimeMs);
  const revocations = await deleteInBatches(async () => {
    const result = await db
      .deleteFrom('session_revocations')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('session_revocations')
          .select('id')
          .where('revoked_at', '<', revocationCutoff)
          .where(
            'id',
            '<',
            eb.selectFrom('session_revocations').select((max) => max.fn.max('id').as('newest')),
          )
          .limit(PURGE_BATCH),
      )
      .executeTakeFirst();
    return result.numDeletedRows;
  });
  return { sessions, legacyTokens, revocations };
}
