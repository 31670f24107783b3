// Sessions and their refresh token chains: start, rotate with a grace window, detect reuse, revoke.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config.js';
import type { Database, SessionsTable } from '../db/schema.js';
import { TesseraError } from '../errors.js';
import {
  decideRefresh,
  hashVerifier,
  newRefreshToken,
  parseRefreshToken,
  successorOf,
  verifierMatches,
} from '../tokens/refresh-token.js';

export type SessionRow = SessionsTable;
export type RevokeReason = 'logout' | 'logout_all' | 'revoked_by_user' | 'password_changed' | 'reuse_detected' | 'admin';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: number;
}

export interface SessionStore {
  start(userId: string, client: { userAgent: string | null; ip: string | null }): Promise<{ session: SessionRow; refresh: IssuedRefreshToken }>;
  /** Exchanges a refresh token for its successor. Throws invalid_token, token_expired, session_revoked or refresh_token_reused. */
  refresh(token: string): Promise<{ session: SessionRow; refresh: IssuedRefreshToken }>;
  /** The session a refresh token belongs to, if the token is genuine (rotated or not). */
  findByRefreshToken(token: string): Promise<SessionRow | undefined>;
  isActive(sessionId: string): Promise<boolean>;
  listActive(userId: string): Promise<SessionRow[]>;
  revoke(sessionId: string, reason: RevokeReason, userId?: string): Promise<boolean>;
  revokeAll(userId: string, reason: RevokeReason, exceptSessionId?: string): Promise<number>;
  /** Deletes sessions that ended long ago and rotated tokens past their grace window. */
  purge(): Promise<void>;
}

export function createSessionStore(db: Kysely<Database>, config: ResolvedConfig, secret: Buffer): SessionStore {
  const { now } = config;
  const graceMs = config.refreshReuseGrace * 1000;
  const slidingExpiry = (at: number, absolute: number) => Math.min(at + config.refreshTokenTtl * 1000, absolute);

  async function insertToken(executor: Kysely<Database>, token: string, sessionId: string, at: number, expiresAt: number) {
    const parsed = parseRefreshToken(token)!;
    await executor
      .insertInto('refresh_tokens')
      .values({ id: parsed.selector, session_id: sessionId, verifier_hash: hashVerifier(parsed.verifier), created_at: at, expires_at: expiresAt, rotated_at: null })
      .execute();
  }

  /** Looks a token up by selector and checks its verifier in constant time. */
  async function lookup(token: string) {
    const parsed = parseRefreshToken(token);
    if (!parsed) return undefined;
    const row = await db
      .selectFrom('refresh_tokens as t')
      .innerJoin('sessions as s', 's.id', 't.session_id')
      .select([
        't.verifier_hash', 't.expires_at as token_expires_at', 't.rotated_at',
        's.id', 's.user_id', 's.created_at', 's.last_used_at', 's.expires_at', 's.absolute_expires_at',
        's.revoked_at', 's.revoked_reason', 's.user_agent', 's.ip',
      ])
      .where('t.id', '=', parsed.selector)
      .executeTakeFirst();
    if (!row || !verifierMatches(row.verifier_hash, parsed.verifier)) return undefined;
    const { verifier_hash: _hash, token_expires_at, rotated_at, ...session } = row;
    return { session: session as SessionRow, token: { expires_at: token_expires_at, rotated_at } };
  }

  async function successorFor(token: string, session: SessionRow): Promise<{ session: SessionRow; refresh: IssuedRefreshToken }> {
    const successor = successorOf(token, secret);
    const row = await db
      .selectFrom('refresh_tokens')
      .select('expires_at')
      .where('id', '=', parseRefreshToken(successor)!.selector)
      .executeTakeFirst();
    if (!row) throw new TesseraError('invalid_token', 'Refresh token is not valid');
    return { session, refresh: { token: successor, expiresAt: row.expires_at } };
  }

  async function revokeSession(sessionId: string, reason: RevokeReason, userId?: string): Promise<boolean> {
    let query = db.updateTable('sessions').set({ revoked_at: now(), revoked_reason: reason }).where('id', '=', sessionId).where('revoked_at', 'is', null);
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
      const { session } = found;

      if (decision.action === 'reject') {
        if (decision.code === 'refresh_token_reused') {
          // RFC 9700 §4.14.2: a rotated token came back after the grace window; someone holds a copy.
          await revokeSession(session.id, 'reuse_detected');
          config.logger.warn('refresh token reuse detected; session revoked', { session: session.id, user: session.user_id });
        }
        throw new TesseraError(decision.code, reuseMessages[decision.code]);
      }
      if (decision.action === 'replay_successor') return successorFor(token, session);

      const successor = successorOf(token, secret);
      const expiresAt = slidingExpiry(at, session.absolute_expires_at);
      const rotated = await db.transaction().execute(async (trx) => {
        // Only one request may rotate a token: the conditional update is the lock on both dialects.
        const claimed = await trx
          .updateTable('refresh_tokens')
          .set({ rotated_at: at })
          .where('id', '=', parseRefreshToken(token)!.selector)
          .where('rotated_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return false;
        await insertToken(trx, successor, session.id, at, expiresAt);
        await trx.updateTable('sessions').set({ last_used_at: at, expires_at: expiresAt }).where('id', '=', session.id).execute();
        return true;
      });
      // Lost the race to a concurrent refresh of the same token: hand out the successor it made.
      if (!rotated) return successorFor(token, session);
      return { session: { ...session, last_used_at: at, expires_at: expiresAt }, refresh: { token: successor, expiresAt } };
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
      let query = db.updateTable('sessions').set({ revoked_at: now(), revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
      if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async purge() {
      const at = now();
      // Keep ended sessions a day so a late reuse still meets "revoked" rather than "unknown" (both refuse).
      const cutoff = at - 86_400_000;
      await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)])).execute();
      await db.deleteFrom('refresh_tokens').where('expires_at', '<', at).execute();
    },
  };
}

const reuseMessages = {
  token_expired: 'Refresh token has expired; sign in again',
  session_revoked: 'This session has been signed out',
  refresh_token_reused: 'Refresh token was already used; the session has been revoked',
} as const;
