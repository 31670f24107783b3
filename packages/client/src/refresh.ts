// The refresh decisions as plain functions over token sets and clock readings: when to refresh, whose result wins,
// and what a failure does to the session. auth-client does the I/O, the locking and the timers around them.
import type { TokenSet } from './adapters/auth-adapter.js';
import { isTransient, type AuthError } from './errors.js';
import { effectiveMargin } from './refresh-margin.js';

/**
 * Epoch ms at which `session` is due for a refresh: `margin` before it expires, capped for short-lived tokens.
 * @example refreshAt({ expiresAt: 900_000, issuedAt: 0, ... }, 60_000) // 840_000
 */
export function refreshAt(session: TokenSet<unknown>, margin: number): number {
  return session.expiresAt - effectiveMargin(margin, session.issuedAt, session.expiresAt);
}

/** Whether `session` can be handed out as is, at `now`, without a refresh. */
export function isFresh(session: TokenSet<unknown>, now: number, margin: number): boolean {
  return now < refreshAt(session, margin);
}

/**
 * Whether a refresh that set out from `before` is overtaken by `current`: while it queued or failed, someone installed
 * another usable session (another tab's refresh, a login) or signed out. Then the refresh takes `current` and spends
 * nothing.
 */
export function isSuperseded<TUser>(before: TokenSet<TUser> | null, current: TokenSet<TUser> | null, now: number, margin: number): boolean {
  return current?.accessToken !== before?.accessToken && (!current || isFresh(current, now, margin));
}

/**
 * Which session stands after a refresh from `before` brought `next`, `current` being the session now: ours is the
 * latest rotation unless, meanwhile, a newer session arrived or every tab signed out (then `current`, maybe null).
 * Returns `next` itself when it wins.
 */
export function pickNewer<TUser>(
  before: TokenSet<TUser> | null,
  current: TokenSet<TUser> | null,
  next: TokenSet<TUser>,
): TokenSet<TUser> | null {
  return current?.accessToken !== before?.accessToken && (!current || current.expiresAt > next.expiresAt) ? current : next;
}

/** What a failed refresh does to the session. */
export type FailureOutcome =
  /** Keep the session and try again in `delay` ms; `retries` is the back-off count to keep for the next failure. */
  | { type: 'retry'; delay: number; retries: number }
  /** End the session with `error` (null: nothing worth reporting); `broadcast`: tell the other tabs. */
  | { type: 'signout'; error: AuthError | null; broadcast: boolean };

export interface RetryDelays {
  /** First retry after a network failure; doubles per failure. */
  retryDelay: number;
  maxRetryDelay: number;
}

/**
 * The outcome of a refresh from `before` that failed with `error`, after `retries` earlier failures in a row.
 * @example failureOutcome(new AuthError('network_error'), session, 0, delays) // { type: 'retry', delay: 1_000, retries: 1 }
 */
export function failureOutcome(error: AuthError, before: TokenSet<unknown> | null, retries: number, delays: RetryDelays): FailureOutcome {
  if (isTransient(error)) {
    // An unreachable server has not refused anything: keep the session. The server's Retry-After overrides the back-off.
    if (error.retryAfter) return { type: 'retry', delay: error.retryAfter * 1000, retries };
    return { type: 'retry', delay: Math.min(delays.retryDelay * 2 ** retries, delays.maxRetryDelay), retries: retries + 1 };
  }
  // A visitor without a refresh cookie is not news; a revoked or reused session is, in every tab.
  return { type: 'signout', error: before || error.code !== 'invalid_token' ? error : null, broadcast: !!before };
}
