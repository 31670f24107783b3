// The refresh path's queries, written once in Kysely and compiled once: the PostgreSQL store runs them through Kysely,
// the SQLite store prepares the same SQL on better-sqlite3 (refresh-store.ts).
import { sql, type Kysely } from 'kysely';
import { prepareQuery } from '../db/prepared-query.js';
import type { Database, SessionsTable, UsersTable } from '../db/schema.js';

/** A session joined with its user, columns prefixed `s_` and `u_`. */
export interface RefreshRow {
  s_id: string;
  s_user_id: string;
  s_created_at: number;
  s_last_used_at: number;
  s_expires_at: number;
  s_absolute_expires_at: number;
  s_revoked_at: number | null;
  s_revoked_reason: string | null;
  s_user_agent: string | null;
  s_ip: string | null;
  s_generation: number;
  s_rotated_at: number | null;
  s_previous_rotated_at: number | null;
  s_authenticated_at: number;
  s_amr: string;
  s_impersonator_id: string | null;
  u_email: string;
  u_password_hash: string | null;
  u_name: string | null;
  u_email_verified: number;
  u_is_superuser: number;
  u_custom: string;
  u_created_at: number;
  u_updated_at: number;
  u_notify_new_sign_in: number;
  u_disabled_at: number | null;
}

export interface RotateArgs extends Record<string, unknown> {
  id: string;
  /** The generation being spent: the update applies only while the chain is still there. */
  generation: number;
  at: number;
  /** at + the sliding lifetime; the new expiry is this or the absolute expiry, whichever comes first. */
  slide: number;
}

const SESSION_COLUMNS = [
  'id',
  'user_id',
  'created_at',
  'last_used_at',
  'expires_at',
  'absolute_expires_at',
  'revoked_at',
  'revoked_reason',
  'user_agent',
  'ip',
  'generation',
  'rotated_at',
  'previous_rotated_at',
  'authenticated_at',
  'amr',
  'impersonator_id',
] as const;
// disabled_at: a disabled account's refresh answers account_disabled (sessions/refresh.ts), read with the row it has.
const USER_COLUMNS = [
  'email',
  'password_hash',
  'name',
  'email_verified',
  'is_superuser',
  'custom',
  'created_at',
  'updated_at',
  'notify_new_sign_in',
  'disabled_at',
] as const;
const sessionSelection = SESSION_COLUMNS.map((c) => `s.${c} as s_${c}` as const);
const userSelection = USER_COLUMNS.map((c) => `u.${c} as u_${c}` as const);

type Param = <T>(name: keyof RotateArgs & string) => T;

/** The chain's step: next generation, rotation times, sliding expiry capped by the absolute one. */
const advance = (param: Param) => ({
  generation: sql<number>`generation + 1`,
  previous_rotated_at: sql<number | null>`rotated_at`,
  rotated_at: param<number>('at'),
  last_used_at: param<number>('at'),
  expires_at: sql<number>`case when ${param<number>('slide')} < absolute_expires_at then ${param<number>('slide')} else absolute_expires_at end`,
});

export function refreshQueries(db: Kysely<Database>) {
  return {
    /** PostgreSQL: the rotation and the read of session and user in one statement, one round trip. */
    rotateJoined: prepareQuery<RefreshRow, RotateArgs>((param) =>
      db
        .updateTable('sessions as s')
        .from('users as u')
        .set(advance(param))
        .whereRef('u.id', '=', 's.user_id')
        .where('s.id', '=', param<string>('id'))
        .where('s.generation', '=', param<number>('generation'))
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', param<number>('at'))
        .where('s.absolute_expires_at', '>', param<number>('at'))
        .returning([...sessionSelection, ...userSelection]),
    ),
    /** SQLite: RETURNING may not name a joined table there, so the session comes back alone and the user follows. */
    rotateSession: prepareQuery<SessionsTable, RotateArgs>((param) =>
      db
        .updateTable('sessions')
        .set(advance(param))
        .where('id', '=', param<string>('id'))
        .where('generation', '=', param<number>('generation'))
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', param<number>('at'))
        .where('absolute_expires_at', '>', param<number>('at'))
        .returning([...SESSION_COLUMNS]),
    ),
    userById: prepareQuery<UsersTable, { id: string }>((param) => db.selectFrom('users').selectAll().where('id', '=', param<string>('id'))),
    /** The session and its user: for replays and refusals, the rare paths. */
    read: prepareQuery<RefreshRow, { id: string }>((param) =>
      db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select([...sessionSelection, ...userSelection])
        .where('s.id', '=', param<string>('id')),
    ),
  };
}

export type RefreshQueries = ReturnType<typeof refreshQueries>;

/** The session and user halves of a joined row. */
export function splitRefreshRow(row: RefreshRow): { session: SessionsTable; user: UsersTable } {
  return {
    session: {
      id: row.s_id,
      user_id: row.s_user_id,
      created_at: row.s_created_at,
      last_used_at: row.s_last_used_at,
      expires_at: row.s_expires_at,
      absolute_expires_at: row.s_absolute_expires_at,
      revoked_at: row.s_revoked_at,
      revoked_reason: row.s_revoked_reason,
      user_agent: row.s_user_agent,
      ip: row.s_ip,
      generation: row.s_generation,
      rotated_at: row.s_rotated_at,
      previous_rotated_at: row.s_previous_rotated_at,
      authenticated_at: row.s_authenticated_at,
      amr: row.s_amr,
      impersonator_id: row.s_impersonator_id,
    },
    user: {
      id: row.s_user_id,
      email: row.u_email,
      password_hash: row.u_password_hash,
      name: row.u_name,
      email_verified: row.u_email_verified,
      is_superuser: row.u_is_superuser,
      custom: row.u_custom,
      created_at: row.u_created_at,
      updated_at: row.u_updated_at,
      notify_new_sign_in: row.u_notify_new_sign_in,
      disabled_at: row.u_disabled_at,
    },
  };
}
