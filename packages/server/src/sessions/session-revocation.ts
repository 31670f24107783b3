// Ending sessions: every revocation (a sign-out, "sign out everywhere", a password change, an admin, a deletion) goes
// through revokeWhere, so each is marked, logged for the other instances and put on record the same way.
import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { EventRecorder } from '../events/event-recorder.js';
import { logSecurityEvent } from '../events/security-log.js';
import { recordRevocations } from './revocation-log.js';
import type { RevokedSessions } from './revoked-sessions.js';
import type { RevocationEvents, RevokeReason } from './session-types.js';

export type SessionUpdate = UpdateQueryBuilder<Database, 'sessions', 'sessions', UpdateResult>;

/**
 * Marks revoked the sessions that `where` picks and that are still live, and answers their ids. They are logged in
 * the same transaction (on PostgreSQL the NOTIFY to the other instances too), so no instance can miss one that
 * committed; the security events `record` makes of them are written in it too.
 */
export type RevokeWhere = (
  where: (query: SessionUpdate) => SessionUpdate,
  reason: RevokeReason,
  record?: RevocationEvents,
) => Promise<string[]>;

export function createRevokeWhere(
  config: ResolvedConfig,
  { dialect, revoked, events }: { dialect: Dialect; revoked: RevokedSessions; events: EventRecorder },
): RevokeWhere {
  return async (where, reason, record) => {
    const at = config.now();
    let recorded = 0;
    const rows = await events.transaction(async (trx) => {
      const updated = await where(
        trx.updateTable('sessions').set({ revoked_at: at, revoked_reason: reason }).where('revoked_at', 'is', null),
      )
        .returning(['id', 'user_id', 'impersonator_id'])
        .execute();
      await recordRevocations(
        trx,
        dialect,
        updated.map((row) => row.id),
        at,
      );
      if (updated.length > 0) {
        for (const event of record?.(updated) ?? []) {
          await events.record(trx, event);
          recorded++;
        }
      }
      // However it ends (the user's own revoke, an admin's sign-out, a deletion), an impersonation ending is on record.
      for (const row of updated) {
        if (row.impersonator_id !== null) {
          await events.record(trx, {
            type: 'impersonation.ended',
            userId: row.user_id,
            sessionId: row.id,
            detail: { admin_id: row.impersonator_id },
          });
        }
      }
      return updated;
    });
    // This instance's own guard learns at once; the others through the log.
    revoked.add(rows.map((row) => ({ sessionId: row.id, revokedAt: at })));
    // A revocation with an event of its own has its line already (event-recorder.ts); the others (a password change's,
    // a reset's, the CLI's) keep this one.
    if (recorded === 0) {
      const perUser = new Map<string, number>();
      for (const row of rows) perUser.set(row.user_id, (perUser.get(row.user_id) ?? 0) + 1);
      for (const [userId, sessions] of perUser) logSecurityEvent(config.logger, { event: 'sessions_revoked', userId, reason, sessions });
    }
    return rows.map((row) => row.id);
  };
}
