// What tabs tell each other on the channel, and what this tab does with another tab's message.
import type { TokenSet } from './adapters/auth-adapter.js';
import type { AuthStatus } from './auth-state.js';
import { AuthError, type AuthErrorCode } from './errors.js';

export type TabMessage<TUser> =
  /** A new or refreshed session (a login, a rotation, an answer to 'ask'). */
  | { type: 'session'; session: TokenSet<TUser> }
  /** Signed out, and why (`session_revoked`, ...); null when nothing went wrong. */
  | { type: 'signout'; code: AuthErrorCode | null }
  /** A new tab without a refresh cookie asks the open tabs for their session. */
  | { type: 'ask' };

/** This tab's response to a message. */
export type TabReaction<TUser> =
  | { type: 'reply'; message: TabMessage<TUser> }
  /** Install `session` (null: sign out), without telling the other tabs again. */
  | { type: 'adopt'; session: TokenSet<TUser> | null; error: AuthError | null }
  | { type: 'ignore' };

/** The message that tells the other tabs about this tab's new session, or its sign-out with `error`. */
export function announce<TUser>(session: TokenSet<TUser> | null, error: AuthError | null): TabMessage<TUser> {
  return session ? { type: 'session', session } : { type: 'signout', code: error?.code ?? null };
}

/**
 * What to do with another tab's `message`, given this tab's `session` and `status`.
 * @example reactToTabMessage({ type: 'ask' }, session, 'authenticated') // { type: 'reply', message: { type: 'session', session } }
 */
export function reactToTabMessage<TUser>(
  message: TabMessage<TUser>,
  session: TokenSet<TUser> | null,
  status: AuthStatus,
): TabReaction<TUser> {
  if (message.type === 'ask') return session ? { type: 'reply', message: { type: 'session', session } } : { type: 'ignore' };
  if (message.type === 'session') {
    // Answers to a new tab's 'ask' can cross a fresher refresh: never step back to an older token.
    return !session || message.session.expiresAt >= session.expiresAt
      ? { type: 'adopt', session: message.session, error: null }
      : { type: 'ignore' };
  }
  return status !== 'unauthenticated'
    ? { type: 'adopt', session: null, error: message.code ? new AuthError(message.code) : null }
    : { type: 'ignore' };
}
