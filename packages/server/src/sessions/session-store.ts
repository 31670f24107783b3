// Sessions and their refresh token chains: start, rotate with a grace window, detect reuse, revoke.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { SqliteConnection } from '../db/database.js';
import { prepareQuery } from '../db/prepared-query.js';
import type { Database, SessionsTable, UsersTable } from '../db/schema.js';
import { TesseraError } from '../errors.js';
import { decideRefresh, hashVerifier, newRefreshToken, parseRefreshToken, successorOf, verifierMatches } from './refresh-token.js';
import { createSqliteRefreshPath } from './sqlite-rotation.js';

export type SessionRow = SessionsTable;
export type RevokeReason = 'logout' | 'logout_all' | 'revoked_by_user' | 'password_changed' | 'reuse_detected' | 'admin';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: number;
}

export interface SessionStore {
  start(
    userId: string,
    client: { userAgent: string | null; ip: string | null },
  ): Promise<{ session: SessionRow; refresh: IssuedRefreshToken }>;
  /** Exchanges a refresh token for its successor. Throws invalid_token, token_expired, session_revoked or refresh_token_reused. */
  refresh(token: string): Promise<{ session: SessionRow; user: UsersTable; refresh: IssuedRefreshToken }>;
  /** The session a refresh token belongs to, if the token is genuine (rotated or not). */
  findByRefreshToken(token: string): Promise<SessionRow | undefined>;
  isActive(sessionId: string): Promise<boolean>;
  listActive(userId: string): Promise<SessionRow[]>;
  revoke(sessionId: string, reason: RevokeReason, userId?: string): Promise<boolean>;
  revokeAll(userId: string, reason: RevokeReason, exceptSessionId?: string): Promise<number>;
  /** Deletes sessions that ended over a day ago and refresh tokens past their expiry (rotated ones are kept until then, for reuse detection). */
  purge(): Promise<void>;
}

export function createSessionStore(db: Kysely<Database>, config: ResolvedConfig, secret: Buffer, sqlite?: SqliteConnection): SessionStore {
  const { now } = config;
  const graceMs = config.refreshReuseGrace * 1000;
  const slidingExpiry = (at: number, absolute: number) => Math.min(at + config.refreshTokenTtl * 1000, absolute);

  // The refresh hot path: on SQLite synchronous statements (sqlite-rotation.ts), elsewhere queries compiled once (prepared-query.ts).
  /** A refresh token row with its session and user, by selector: the one read of a refresh. */
  const lookupQuery = (selector: string) =>
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
      .where('t.id', '=', selector);
  const selectByToken = prepareQuery<Record<string, any>, { selector: string }>((p) => lookupQuery(p<string>('selector')));
  const selectTokenExpiry = prepareQuery<{ expires_at: number }, { selector: string }>((p) =>
    db.selectFrom('refresh_tokens').select('expires_at').where('id', '=', p<string>('selector')),
  );
  const claimToken = prepareQuery<never, { at: number; selector: string }>((p) =>
    db
      .updateTable('refresh_tokens')
      .set({ rotated_at: p<number>('at') })
      .where('id', '=', p<string>('selector'))
      .where('rotated_at', 'is', null),
  );
  const insertTokenRow = prepareQuery<never, { id: string; session: string; hash: string; at: number; expires: number }>((p) =>
    db.insertInto('refresh_tokens').values({
      id: p<string>('id'),
      session_id: p<string>('session'),
      verifier_hash: p<string>('hash'),
      created_at: p<number>('at'),
      expires_at: p<number>('expires'),
      rotated_at: null,
    }),
  );
  const touchSession = prepareQuery<never, { at: number; expires: number; id: string }>((p) =>
    db
      .updateTable('sessions')
      .set({ last_used_at: p<number>('at'), expires_at: p<number>('expires') })
      .where('id', '=', p<string>('id')),
  );

  const sqlitePath = sqlite ? createSqliteRefreshPath(db, sqlite, lookupQuery('').compile().sql) : undefined;

  /** Spends `token` and stores its successor; false when a concurrent request spent it first. */
  async function rotate({
    token,
    successor,
    sessionId,
    at,
    expiresAt,
  }: {
    token: string;
    successor: string;
    sessionId: string;
    at: number;
    expiresAt: number;
  }) {
    const selector = parseRefreshToken(token)!.selector;
    if (sqlitePath) {
      const next = parseRefreshToken(successor)!;
      return sqlitePath.rotate({
        selector,
        successor: { id: next.selector, verifierHash: hashVerifier(next.verifier) },
        sessionId,
        at,
        expiresAt,
      });
    }
    return db.transaction().execute(async (trx) => {
      // Only one request may rotate a token: the conditional update is the lock.
      const claimed = await claimToken(trx, { at, selector });
      if (Number(claimed.numAffectedRows ?? 0) === 0) return false;
      await insertToken(trx, successor, sessionId, at, expiresAt);
      await touchSession(trx, { at, expires: expiresAt, id: sessionId });
      return true;
    });
  }

  async function insertToken(executor: Kysely<Database>, token: string, sessionId: string, at: number, expiresAt: number) {
    const parsed = parseRefreshToken(token)!;
    await insertTokenRow(executor, {
      id: parsed.selector,
      session: sessionId,
      hash: hashVerifier(parsed.verifier),
      at,
      expires: expiresAt,
    });
  }

  /** Looks a token up by selector and checks its verifier in constant time. */
  async function lookup(token: string) {
    const parsed = parseRefreshToken(token);
    if (!parsed) return undefined;
    const row = sqlitePath ? await sqlitePath.lookup(parsed.selector) : (await selectByToken(db, { selector: parsed.selector })).rows[0];
    if (!row || !verifierMatches(row.verifier_hash, parsed.verifier)) return undefined;
    const session: SessionRow = {
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
    };
    const user: UsersTable = {
      id: row.s_user_id,
      email: row.u_email,
      password_hash: row.u_password_hash,
      name: row.u_name,
      email_verified: row.u_email_verified,
      is_superuser: row.u_is_superuser,
      custom: row.u_custom,
      created_at: row.u_created_at,
      updated_at: row.u_updated_at,
    };
    return { session, user, token: { expires_at: row.t_expires_at as number, rotated_at: row.t_rotated_at as number | null } };
  }

  async function successorFor(token: string, session: SessionRow, user: UsersTable) {
    const successor = successorOf(token, secret);
    const row = (await selectTokenExpiry(db, { selector: parseRefreshToken(successor)!.selector })).rows[0];
    if (!row) throw new TesseraError('invalid_token', 'Refresh token is not valid');
    return { session, user, refresh: { token: successor, expiresAt: row.expires_at } };
  }

  async function revokeSession(sessionId: string, reason: RevokeReason, userId?: string): Promise<boolean> {
    let query = db
      .updateTable('sessions')
      .set({ revoked_at: now(), revoked_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null);
    if (userId) query = query.where('user_id', '=', userId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  return {
    async start(userId, client) {
      const at = now();
      const session: SessionRow = {
        id: randomUUID(),
        user_id: userId,
        created_at: at,
        last_used_at: at,
        absolute_expires_at: at + config.sessionMaxLifetime * 1000,
        expires_at: 0,
        revoked_at: null,
        revoked_reason: null,
        user_agent: client.userAgent?.slice(0, 512) ?? null,
        ip: client.ip,
      };
      session.expires_at = slidingExpiry(at, session.absolute_expires_at);
      const token = newRefreshToken();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('sessions').values(session).execute();
        await insertToken(trx, token, session.id, at, session.expires_at);
      });
      return { session, refresh: { token, expiresAt: session.expires_at } };
    },

    async refresh(token) {
      const found = await lookup(token);
      if (!found) throw new TesseraError('invalid_token', 'Refresh token is not valid');
      const at = now();
      const decision = decideRefresh({ now: at, graceMs, token: found.token, session: found.session });
      const { session, user } = found;

      if (decision.action === 'reject') {
        if (decision.code === 'refresh_token_reused') {
          // RFC 9700 §4.14.2: a rotated token came back after the grace window; someone holds a copy.
          await revokeSession(session.id, 'reuse_detected');
          config.logger.warn('refresh token reuse detected; session revoked', { session: session.id, user: session.user_id });
        }
        throw new TesseraError(decision.code, reuseMessages[decision.code]);
      }
      if (decision.action === 'replay_successor') return successorFor(token, session, user);

      const successor = successorOf(token, secret);
      const expiresAt = slidingExpiry(at, session.absolute_expires_at);
      const rotated = await rotate({ token, successor, sessionId: session.id, at, expiresAt });
      // Lost the race to a concurrent refresh of the same token: hand out the successor it made.
      if (!rotated) return successorFor(token, session, user);
      return { session: { ...session, last_used_at: at, expires_at: expiresAt }, user, refresh: { token: successor, expiresAt } };
    },

    async findByRefreshToken(token) {
      return (await lookup(token))?.session;
    },

    async isActive(sessionId) {
      const row = await db.selectFrom('sessions').select(['revoked_at', 'expires_at']).where('id', '=', sessionId).executeTakeFirst();
      return Boolean(row && row.revoked_at === null && row.expires_at > now());
    },

    listActive(userId) {
      const at = now();
      return db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .orderBy('last_used_at', 'desc')
        .execute();
    },

    revoke: revokeSession,

    async revokeAll(userId, reason, exceptSessionId) {
      let query = db
        .updateTable('sessions')
        .set({ revoked_at: now(), revoked_reason: reason })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async purge() {
      const at = now();
      // Keep ended sessions a day so a late reuse still meets "revoked" rather than "unknown" (both refuse).
      const cutoff = at - 86_400_000;
      await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
        .execute();
      await db.deleteFrom('refresh_tokens').where('expires_at', '<', at).execute();
    },
  };
}

const reuseMessages = {
  token_expired: 'Refresh token has expired; sign in again',
  session_revoked: 'This session has been signed out',
  refresh_token_reused: 'Refresh token was already used; the session has been revoked',
} as const;
