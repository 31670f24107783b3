// Refreshing a session: the presented token decoded (its MAC checked without I/O), then the chain advanced in one
// conditional update; only when that does not apply is the session read and the token judged by decideRefresh:
// replayed (a lost answer, a concurrent request), or refused (reuse revokes the session).
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { assertMaySignIn, verificationRequired } from '../email-verification/verification-gate.js';
import { TesseraError } from '../errors.js';
import { accountDisabled } from '../account/account-disabled.js';
import { parseLegacyToken, verifierMatches } from './legacy-refresh-token.js';
import { splitRefreshRow, type RefreshRow } from './refresh-queries.js';
import { decideRefresh } from './refresh-rules.js';
import type { RefreshStore } from './refresh-store.js';
import type { ChainPosition, RefreshTokenCodec } from './refresh-token.js';
import type { IssuedSession, RevocationEvents, RevokeReason, SessionRow } from './session-types.js';

const refusals = {
  invalid_token: 'Refresh token is not valid',
  token_expired: 'Refresh token has expired; sign in again',
  session_revoked: 'This session has been signed out',
  refresh_token_reused: 'Refresh token was already used; the session has been revoked',
} as const;

/**
 * Refuses a disabled account (403 account_disabled) and an impersonation session, which never hands out a refresh
 * token (admin/impersonate.ts): one reaching here would be a forgery of our own MAC, refused all the same.
 */
function assertRefreshable(row: RefreshRow): void {
  if (row.u_disabled_at !== null) throw accountDisabled();
  if (row.s_impersonator_id !== null) throw new TesseraError('invalid_token', refusals.invalid_token);
}

export interface Refresher {
  refresh(token: string, client?: { userAgent: string | null; ip: string | null }): Promise<IssuedSession>;
  findByRefreshToken(token: string): Promise<SessionRow | undefined>;
}

export function createRefresher(deps: {
  config: ResolvedConfig;
  db: Kysely<Database>;
  store: RefreshStore;
  codec: RefreshTokenCodec;
  revoke(sessionId: string, reason: RevokeReason, userId?: string, events?: RevocationEvents): Promise<boolean>;
}): Refresher {
  const { config, db, store, codec } = deps;
  const graceMs = config.refreshReuseGrace * 1000;

  /**
   * Where a token sits in its session's chain. A token of the first design (one row per token), unspent, is
   * generation 0 of its session: sessions started before migration 0003 carry on without signing in again.
   */
  async function position(token: string): Promise<ChainPosition | undefined> {
    const chained = codec.decode(token);
    if (chained) return chained;
    const legacy = parseLegacyToken(token);
    if (!legacy) return undefined;
    const row = await db
      .selectFrom('refresh_tokens')
      .select(['session_id', 'verifier_hash', 'rotated_at'])
      .where('id', '=', legacy.selector)
      .executeTakeFirst();
    if (!row || !verifierMatches(row.verifier_hash, legacy.verifier) || row.rotated_at !== null) return undefined;
    return { sessionId: row.session_id, generation: 0 };
  }

  function issued(row: RefreshRow, generation: number): IssuedSession {
    const { session, user } = splitRefreshRow(row);
    return { session, user, refresh: { token: codec.encode({ sessionId: session.id, generation }), expiresAt: session.expires_at } };
  }

  return {
    async refresh(token, client) {
      const presented = await position(token);
      if (!presented) throw new TesseraError('invalid_token', refusals.invalid_token);
      if (verificationRequired(config)) {
        // Read before rotating: a refusal must leave the chain where it is, or the token the client still holds
        // would look reused (and revoke the session) once the email is verified and it refreshes again.
        const current = await store.read(presented.sessionId);
        if (current?.s_revoked_at === null) assertMaySignIn(config, { email_verified: current.u_email_verified });
      }
      const at = config.now();
      const rotated = await store.rotate({
        id: presented.sessionId,
        generation: presented.generation,
        at,
        slide: at + config.refreshTokenTtl * 1000,
      });
      if (rotated) {
        // Disabling sets disabled_at before it revokes the sessions: a refresh in between sees the flag.
        assertRefreshable(rotated);
        return issued(rotated, presented.generation + 1);
      }

      // Not the newest generation, or the session has ended, or a concurrent request rotated it first.
      const row = await store.read(presented.sessionId);
      if (!row) throw new TesseraError('invalid_token', refusals.invalid_token);
      // A disabled account's sessions are revoked too; the client is told why (account_disabled, not session_revoked).
      assertRefreshable(row);
      const { session } = splitRefreshRow(row);
      const decision = decideRefresh({ now: at, graceMs, presented: presented.generation, session });
      if (decision.action === 'replay') return issued(row, decision.generation);
      if (decision.action === 'rotate') {
        // The update missed although the chain is where the token says: the session changed in between (revoked or
        // expired at the same instant); refuse rather than loop.
        throw new TesseraError('invalid_token', refusals.invalid_token);
      }
      if (decision.code === 'refresh_token_reused') {
        // RFC 9700 §4.14.2: an ancestor came back after its successor was used; someone holds a copy.
        // Revoked with its event (and the owner's notice, events/notifications.ts) in one transaction; a session
        // revoked meanwhile by someone else revokes nothing here and records nothing.
        await deps.revoke(session.id, 'reuse_detected', undefined, () => [
          {
            type: 'refresh.reuse_detected',
            userId: session.user_id,
            sessionId: session.id,
            ip: client?.ip ?? null,
            userAgent: client?.userAgent ?? null,
            detail: { presented_generation: presented.generation, current_generation: session.generation },
          },
        ]);
        config.logger.warn('refresh token reuse detected; session revoked', { session: session.id, user: session.user_id });
      }
      throw new TesseraError(decision.code, refusals[decision.code]);
    },

    async findByRefreshToken(token) {
      const presented = await position(token);
      const row = presented && (await store.read(presented.sessionId));
      if (!presented || !row) return undefined;
      const { session } = splitRefreshRow(row);
      return presented.generation <= session.generation ? session : undefined;
    },
  };
}
