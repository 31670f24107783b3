// The observable state of a client: what a UI renders from.
import type { AuthError } from './errors.js';
import type { MfaChallenge } from './mfa-challenge.js';

export type AuthStatus = 'loading' | 'authenticated' | 'unauthenticated';

export interface AuthState<TUser> {
  /** `loading` until the first restore attempt has an answer (and while it is retried after a network failure). */
  readonly status: AuthStatus;
  readonly user: TUser | null;
  /** When the access token expires, epoch ms on this device's clock. */
  readonly expiresAt: number | null;
  /** Why the session ended (`session_revoked`, `refresh_token_reused`, ...) or why a refresh is being retried (`network_error`). */
  readonly error: AuthError | null;
  /**
   * The MFA step this tab's last `login` answered, until `verifyMfa` (or any sign-in or sign-out) ends it; null
   * otherwise. The status stays `unauthenticated` meanwhile. Never shared with other tabs.
   */
  readonly mfaChallenge: MfaChallenge | null;
}

/** The state every client starts in; also the server-render snapshot, so hydration always matches. */
export const LOADING_STATE: AuthState<never> = Object.freeze({
  status: 'loading',
  user: null,
  expiresAt: null,
  error: null,
  mfaChallenge: null,
});
