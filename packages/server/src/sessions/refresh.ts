// Refreshing a session: the presented token parsed once, looked up, judged by decideRefresh, then rotated, replayed
// (a concurrent request inside the grace window gets the same successor) or refused (reuse revokes the session).
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';
import { splitRefreshRow } from './refresh-queries.js';
import type { RefreshStore } from './refresh-store.js';
import { decideRefresh, hashVerifier, parseRefreshToken, successorOf, verifierMatches, type ParsedRefreshToken } from './refresh-token.js';
import type { IssuedSession, RevokeReason, SessionRow } from './session-types.js';

const refusals = {
  token_expired: 'Refresh token has expired; sign in again',
  session_revoked: 'This session has been signed out',
  refresh_token_reused: 'Refresh token was already used; the session has been revoked',
} as const;

const invalid = () => new TesseraError('invalid_token', 'Refresh token is not valid');

export interface Refresher {
  refresh(token: string): Promise<IssuedSession>;
  findByRefreshToken(token: string): Promise<SessionRow | undefined>;
}

export function createRefresher(deps: {
  config: ResolvedConfig;
  store: RefreshStore;
  /** The HMAC key successors are derived with. */
  secret: Buffer;
  revoke(sessionId: string, reason: RevokeReason): Promise<boolean>;
}): Refresher {
  const { config, store, secret } = deps;
  const graceMs = config.refreshReuseGrace * 1000;

  /** Looks a token up by selector and checks its verifier in constant time. */
  async function lookup(parsed: ParsedRefreshToken) {
    const row = await store.lookup(parsed.selector);
    if (!row || !verifierMatches(row.verifier_hash, parsed.verifier)) return undefined;
    return { ...splitRefreshRow(row), token: { expires_at: row.t_expires_at, rotated_at: row.t_rotated_at } };
  }

  /** The successor a concurrent request already stored for `token`. */
  async function storedSuccessor(token: string): Promise<{ token: string; expiresAt: number }> {
    const successor = successorOf(token, secret);
    const expiresAt = await store.tokenExpiry(parseRefreshToken(successor)!.selector);
    if (expiresAt === undefined) throw invalid();
    return { token: successor, expiresAt };
  }

  return {
    async refresh(token) {
      const parsed = parseRefreshToken(token);
      const found = parsed && (await lookup(parsed));
      if (!parsed || !found) throw invalid();
      const { session, user } = found;
      const at = config.now();
      const decision = decideRefresh({ now: at, graceMs, token: found.token, session });

      if (decision.action === 'reject') {
        if (decision.code === 'refresh_token_reused') {
          // RFC 9700 §4.14.2: a rotated token came back after the grace window; someone holds a copy.
          await deps.revoke(session.id, 'reuse_detected');
          config.logger.warn('refresh token reuse detected; session revoked', { session: session.id, user: session.user_id });
        }
        throw new TesseraError(decision.code, refusals[decision.code]);
      }
      if (decision.action === 'replay_successor') return { session, user, refresh: await storedSuccessor(token) };

      const successor = successorOf(token, secret);
      const next = parseRefreshToken(successor)!;
      const expiresAt = Math.min(at + config.refreshTokenTtl * 1000, session.absolute_expires_at);
      const rotated = await store.rotate({
        selector: parsed.selector,
        successor: { selector: next.selector, verifierHash: hashVerifier(next.verifier) },
        sessionId: session.id,
        at,
        expiresAt,
      });
      // Lost the race to a concurrent refresh of the same token: hand out the successor it made.
      if (!rotated) return { session, user, refresh: await storedSuccessor(token) };
      return { session: { ...session, last_used_at: at, expires_at: expiresAt }, user, refresh: { token: successor, expiresAt } };
    },

    async findByRefreshToken(token) {
      const parsed = parseRefreshToken(token);
      return parsed ? (await lookup(parsed))?.session : undefined;
    },
  };
}
