// The revocation log's storage: a row per revoked session, written in the revoking transaction (so a revocation and
// its announcement commit or roll back together), read back by the window an instance must remember.
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { notifyWithin } from '../sync/postgres-change-feed.js';
import type { Revocation } from './revoked-sessions.js';

/** Session ids per NOTIFY: 150 × 37 bytes stays well under PostgreSQL's 8000-byte payload. */
const IDS_PER_NOTIFY = 150;

/** Logs `sessionIds` as revoked at `at`; on PostgreSQL also NOTIFYs them, delivered when `trx` commits. */
export async function recordRevocations(trx: Transaction<Database>, dialect: Dialect, sessionIds: readonly string[], at: number) {
  if (sessionIds.length === 0) return;
  await trx
    .insertInto('session_revocations')
    .values(sessionIds.map((id) => ({ session_id: id, revoked_at: at })))
    .execute();
  if (dialect !== 'postgres') return;
  for (let i = 0; i < sessionIds.length; i += IDS_PER_NOTIFY) {
    await notifyWithin('sessions', encodeRevocations(sessionIds.slice(i, i + IDS_PER_NOTIFY), at)).execute(trx);
  }
}

/** `<revokedAt> <id>,<id>,…`: what a `sessions` notification carries. */
export function encodeRevocations(sessionIds: readonly string[], at: number): string {
  return `${at} ${sessionIds.join(',')}`;
}

/** The revocations of a `sessions` payload; undefined for anything else (a payload is only ever a hint). */
export function decodeRevocations(payload: string): Revocation[] | undefined {
  const match = /^(\d{1,16}) ([A-Za-z0-9-]{1,64}(?:,[A-Za-z0-9-]{1,64})*)$/.exec(payload);
  if (!match) return undefined;
  const revokedAt = Number(match[1]);
  return match[2]!.split(',').map((sessionId) => ({ sessionId, revokedAt }));
}

/** Every revocation logged after `since` (epoch ms): what a starting or recovering instance loads. */
export async function readRevocationsSince(db: Kysely<Database>, since: number): Promise<Revocation[]> {
  const rows = await db.selectFrom('session_revocations').select(['session_id', 'revoked_at']).where('revoked_at', '>', since).execute();
  return rows.map((row) => ({ sessionId: row.session_id, revokedAt: row.revoked_at }));
}

/** SQLite's poll: the rows after position `afterId`, in order. */
export async function readRevocationsAfter(db: Kysely<Database>, afterId: number): Promise<Array<Revocation & { id: number }>> {
  const rows = await db
    .selectFrom('session_revocations')
    .select(['id', 'session_id', 'revoked_at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, sessionId: row.session_id, revokedAt: row.revoked_at }));
}

export async function lastRevocationId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('session_revocations')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
