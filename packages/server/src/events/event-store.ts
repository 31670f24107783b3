// Reading the security events back: a user's page of them (newest first) and the retention purge.
import type { Kysely } from 'kysely';
import type { Database, SecurityEventsTable } from '../db/schema.js';

/** A page of a user's events, newest first, after `before` (an id) when given; `more` says whether another page follows. */
export async function eventsOfUser(
  db: Kysely<Database>,
  userId: string,
  { before, limit }: { before: string | undefined; limit: number },
): Promise<{ rows: SecurityEventsTable[]; more: boolean }> {
  let query = db.selectFrom('security_events').selectAll().where('user_id', '=', userId);
  if (before !== undefined) query = query.where('id', '<', before);
  // One row beyond the page tells whether there is a next one, without a count.
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** An event as GET /auth/me/events answers it (also the admin's user detail and the account export). */
export interface PublicEvent {
  id: string;
  type: string;
  /** ISO 8601. */
  at: string;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

export function publicEvent(row: SecurityEventsTable): PublicEvent {
  return {
    id: row.id,
    type: row.type,
    at: new Date(Number(row.at)).toISOString(),
    ip: row.ip,
    user_agent: row.user_agent,
    session_id: row.session_id,
    outcome: row.outcome,
    detail: parseDetail(row.detail),
  };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const PURGE_BATCH = 1000;

/** Deletes the events older than `cutoff` in batches (a short lock each), yielding between them; answers how many. */
export async function purgeEventsBefore(db: Kysely<Database>, cutoff: number): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db.selectFrom('security_events').select('id').where('at', '<', cutoff).limit(PURGE_BATCH);
    const result = await db.deleteFrom('security_events').where('id', 'in', batch).executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < PURGE_BATCH) return total;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
