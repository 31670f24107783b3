// Sessions: start one with its first refresh token, refresh (refresh.ts), list, revoke, purge.
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Dialect, SqliteConnection } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { encodeAmr, type AmrValue } from '../reauth/amr.js';
import type { EventRecorder } from '../events/event-recorder.js';
import { accountDisabled } from '../account/account-disabled.js';
import { refreshQueries } from './refresh-queries.js';
import { createPostgresRefreshStore, createSqliteRefreshStore } from './refresh-store.js';
import { createRefreshTokenCodec } from './refresh-token.js';
import { createRefresher } from './refresh.js';
import { revocationLifetimeMs, type RevokedSessions } from './revoked-sessions.js';
import { newSessionRow } from './new-session.js';
import { createRevokeWhere } from './session-revocation.js';
import { purgeEndedSessions } from './session-purge.js';
import type { IssuedSession, RevocationEvents, RevokeReason, SessionRow } from './session-types.js';

export type { IssuedSession, RevocationEvents, RevokeReason, SessionRow } from './session-types.js';

export interface SessionStore {
  /**
   * `amr`: how the user just proved who they are (reauth/amr.ts); every token of the session carries it.
   * `executor`: the transaction of the sign-in, so the session and its security event commit together.
   */
  start(
    userId: string,
    client: { userAgent: string | null; ip: string | null },
    amr: readonly AmrValue[],
    executor?: Kysely<Database>,
  ): Promise<Omit<IssuedSession, 'user'>>;
  /**
   * Exchanges a refresh token for its successor. Throws invalid_token, token_expired, session_revoked or
   * refresh_token_reused. `client` is who presented it: the reuse event records it.
   */
  refresh(token: string, client?: { userAgent: string | null; ip: string | null }): Promise<IssuedSession>;
  /** The session a refresh token belongs to, if the token is genuine (rotated or not). */
  findByRefreshToken(token: string): Promise<SessionRow | undefined>;
  isActive(sessionId: string): Promise<boolean>;
  /**
   * Records that a live session just proved its user again (reauthentication): its tokens' `auth_time` moves to now
   * and their `amr` becomes the methods just used. Answers the session with its user and its current refresh token,
   * or undefined when the session has ended.
   */
  reauthenticated(sessionId: string, amr: readonly AmrValue[]): Promise<IssuedSession | undefined>;
  listActive(userId: string): Promise<SessionRow[]>;
  revoke(sessionId: string, reason: RevokeReason, userId?: string, events?: RevocationEvents): Promise<boolean>;
  revokeAll(userId: string, reason: RevokeReason, exceptSessionId?: string, events?: RevocationEvents): Promise<number>;
  /** Revokes the impersonation sessions an admin opened (when that admin is deleted). */
  revokeImpersonationsBy(adminId: string, reason: RevokeReason): Promise<number>;
  /** Deletes sessions that ended over a day ago (and expired tokens of the first design), in small batches. */
  purge(): Promise<{ sessions: number; legacyTokens: number; revocations: number }>;
}

export interface SessionStoreOptions {
  dialect: Dialect;
  /** The better-sqlite3 handle behind `db` on SQLite, for the synchronous refresh path; absent on PostgreSQL. */
  sqlite?: SqliteConnection | undefined;
  /** This instance's set of revoked sessions: a revocation made here reaches its own guard at once. */
  revoked: RevokedSessions;
  events: EventRecorder;
}

export function createSessionStore(
  db: Kysely<Database>,
  config: ResolvedConfig,
  secret: Buffer,
  options: SessionStoreOptions,
): SessionStore {
  const { now } = config;
  const { dialect, sqlite, revoked, events } = options;
  const queries = refreshQueries(db);
  const store = sqlite ? createSqliteRefreshStore(db, sqlite, queries) : createPostgresRefreshStore(db, queries);
  const codec = createRefreshTokenCodec(secret);

  const revokeWhere = createRevokeWhere(config, { dialect, revoked, events });

  async function revoke(sessionId: string, reason: RevokeReason, userId?: string, record?: RevocationEvents): Promise<boolean> {
    const ids = await revokeWhere(
      (query) => {
        const one = query.where('id', '=', sessionId);
        return userId ? one.where('user_id', '=', userId) : one;
      },
      reason,
      record,
    );
    return ids.length > 0;
  }

  const refresher = createRefresher({ config, db, store, codec, revoke });

  return {
    async start(userId, client, amr, executor = db) {
      const at = now();
      const absolute = at + config.sessionMaxLifetime * 1000;
      const session = newSessionRow({
        userId,
        at,
        expiresAt: Math.min(at + config.refreshTokenTtl * 1000, absolute),
        absoluteExpiresAt: absolute,
        client,
        amr: encodeAmr(amr),
        impersonatorId: null,
      });
      await executor.insertInto('sessions').values(session).execute();
      // Asked after the session is written, not before: disabling sets the flag and then revokes every session, so
      // either this read sees the flag or the revocation sees this session (account/account-disabled.ts).
      const user = await executor.selectFrom('users').select('disabled_at').where('id', '=', userId).executeTakeFirst();
      if (user?.disabled_at != null) {
        await executor.deleteFrom('sessions').where('id', '=', session.id).execute();
        throw accountDisabled();
      }
      return { session, refresh: { token: codec.encode({ sessionId: session.id, generation: 0 }), expiresAt: session.expires_at } };
    },

    refresh: (token, client) => refresher.refresh(token, client),
    findByRefreshToken: (token) => refresher.findByRefreshToken(token),

    async isActive(sessionId) {
      const row = await db.selectFrom('sessions').select(['revoked_at', 'expires_at']).where('id', '=', sessionId).executeTakeFirst();
      return row?.revoked_at === null && row.expires_at > now();
    },

    async reauthenticated(sessionId, amr) {
      const at = now();
      const session = await db
        .updateTable('sessions')
        .set({ authenticated_at: at, amr: encodeAmr(amr) })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        // An impersonation session has no refresh chain to answer with, and an admin's token is never "recent".
        .where('impersonator_id', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!session) return undefined;
      const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
      if (!user) return undefined;
      // The chain does not move: the answer carries the refresh token the client already holds.
      const refresh = { token: codec.encode({ sessionId, generation: session.generation }), expiresAt: session.expires_at };
      return { user, session, refresh };
    },

    listActive(userId) {
      return db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now())
        .orderBy('last_used_at', 'desc')
        .execute();
    },

    revoke,

    async revokeAll(userId, reason, exceptSessionId, record) {
      const ids = await revokeWhere(
        (query) => {
          const all = query.where('user_id', '=', userId);
          return exceptSessionId ? all.where('id', '!=', exceptSessionId) : all;
        },
        reason,
        record,
      );
      return ids.length;
    },

    async revokeImpersonationsBy(adminId, reason) {
      return (await revokeWhere((query) => query.where('impersonator_id', '=', adminId), reason)).length;
    },

    purge: () => purgeEndedSessions(db, now(), revocationLifetimeMs(config.accessTokenTtl)),
  };
}
