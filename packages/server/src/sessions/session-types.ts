// The shapes a session takes in and out of the store.
import type { SessionsTable, UsersTable } from '../db/schema.js';
import type { SecurityEventInput } from '../events/security-event.js';

export type SessionRow = SessionsTable;
export type RevokeReason =
  | 'logout'
  | 'logout_all'
  | 'revoked_by_user'
  | 'password_changed'
  | 'reuse_detected'
  | 'admin'
  /** A mailed reset link set a new password: every session of the user ends, the resetting browser's too. */
  | 'password_reset'
  /** The owner used the revert link of an email change (email-change/): whoever changed it is signed out. */
  | 'email_change_reverted'
  /** The account was deleted (account/delete-account.ts): its sessions end before its rows go. */
  | 'account_deleted';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: number;
}

/** A signed-in session: what every token response is made from. */
export interface IssuedSession {
  user: UsersTable;
  session: SessionRow;
  refresh: IssuedRefreshToken;
}

/**
 * The security events of a revocation, made from the sessions it revoked (none when they had ended already), and
 * written in the revocation's transaction.
 */
export type RevocationEvents = (revoked: ReadonlyArray<{ id: string; user_id: string }>) => SecurityEventInput[];
