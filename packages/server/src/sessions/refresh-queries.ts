// The refresh path's queries, written once in Kysely and compiled once: the Kysely store runs them through Kysely,
// the SQLite store prepares the same SQL on better-sqlite3.
import type { Kysely } from 'kysely';
import { prepareQuery } from '../db/prepared-query.js';
import type { Database, SessionsTable, UsersTable } from '../db/schema.js';

/** A refresh token row joined with its session and user: the one read of a refresh. */
export interface RefreshRow {
  verifier_hash: string;
  t_expires_at: number;
  t_rotated_at: number | null;
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
  u_email: string;
  u_password_hash: string | null;
  u_name: string | null;
  u_email_verified: number;
  u_is_superuser: number;
  u_custom: string;
  u_created_at: number;
  u_updated_at: number;
}

/** Spending a token: the selector rotated away, its successor, and the session's new sliding expiry. */
export interface RotationWrite {
  selector: string;
  successor: { selector: string; verifierHash: string };
  sessionId: string;
  at: number;
  expiresAt: number;
}

export function refreshQueries(db: Kysely<Database>) {
  return {
    lookup: prepareQuery<RefreshRow, { selector: string }>((p) =>
      db
        .selectFrom('refresh_tokens as t')
        .innerJoin('sessions as s', 's.id', 't.session_id')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select([
          't.verifier_hash',
          't.expires_at as t_expires_at',
          't.rotated_at as t_rotated_at',
          's.id as s_id',
          's.user_id as s_user_id',
          's.created_at as s_created_at',
          's.last_used_at as s_last_used_at',
          's.expires_at as s_expires_at',
          's.absolute_expires_at as s_absolute_expires_at',
          's.revoked_at as s_revoked_at',
          's.revoked_reason as s_revoked_reason',
          's.user_agent as s_user_agent',
          's.ip as s_ip',
          'u.email as u_email',
          'u.password_hash as u_password_hash',
          'u.name as u_name',
          'u.email_verified as u_email_verified',
          'u.is_superuser as u_is_superuser',
          'u.custom as u_custom',
          'u.created_at as u_created_at',
          'u.updated_at as u_updated_at',
        ])
        .where('t.id', '=', p<string>('selector')),
    ),
    tokenExpiry: prepareQuery<{ expires_at: number }, { selector: string }>((p) =>
      db.selectFrom('refresh_tokens').select('expires_at').where('id', '=', p<string>('selector')),
    ),
    /** Only one request may rotate a token: the conditional update is the lock. */
    claim: prepareQuery<never, { at: number; selector: string }>((p) =>
      db
        .updateTable('refresh_tokens')
        .set({ rotated_at: p<number>('at') })
        .where('id', '=', p<string>('selector'))
        .where('rotated_at', 'is', null),
    ),
    insertToken: prepareQuery<never, { selector: string; session: string; hash: string; at: number; expires: number }>((p) =>
      db.insertInto('refresh_tokens').values({
        id: p<string>('selector'),
        session_id: p<string>('session'),
        verifier_hash: p<string>('hash'),
        created_at: p<number>('at'),
        expires_at: p<number>('expires'),
        rotated_at: null,
      }),
    ),
    touchSession: prepareQuery<never, { at: number; expires: number; id: string }>((p) =>
      db
        .updateTable('sessions')
        .set({ last_used_at: p<number>('at'), expires_at: p<number>('expires') })
        .where('id', '=', p<string>('id')),
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
    },
  };
}
