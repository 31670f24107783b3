// Security events as one structured log line each (OWASP ASVS 5.0 §16.2, §16.3): what happened, to which account,
// from which address, why. Never a password, token, code or secret: the fields below are the only ones an event can
// carry, so a call site cannot pass one by accident. The audit-log issue stores these same events; until then they go
// to the configured logger (one line per event, see config/resolve-config.ts).
import type { Logger } from '../config/options.js';
import type { RevokeReason } from '../sessions/session-types.js';

export type SecurityEvent =
  | { event: 'login_failed'; email: string; ip: string; userId: string | null }
  | { event: 'login_throttled'; email: string; ip: string; retryAfter: number }
  | { event: 'registration_throttled'; ip: string; retryAfter: number }
  | { event: 'password_changed'; userId: string; ip: string }
  | { event: 'password_change_failed'; userId: string; ip: string }
  /** A mailed reset link was spent: new password, address verified, every session revoked. */
  | { event: 'password_reset'; userId: string; ip: string }
  | { event: 'email_verified'; userId: string; ip: string }
  /** Every way a session ends early: logout, logout-all, revoke, password change, reuse detection, an admin. */
  | { event: 'sessions_revoked'; userId: string; reason: RevokeReason; sessions: number }
  /** Email change (email-change/): requested, confirmed from the new address, reverted from the old one. */
  | { event: 'email_change_requested'; userId: string; ip: string; newEmail: string }
  | { event: 'email_changed'; userId: string; ip: string; email: string; previousEmail: string }
  | { event: 'email_change_reverted'; userId: string; ip: string; email: string; sessions: number }
  /** Passwordless sign-in (email-sign-in/) with the mailed link or its code. */
  | { event: 'email_sign_in'; userId: string; ip: string; method: 'link' | 'code' }
  | {
      event: 'admin_action';
      action: 'superuser_created' | 'keys_rotated' | 'keys_revoked' | 'sessions_revoked' | 'email_verified_set';
      /** `cli`, or the acting superuser's id (admin/). */
      actor: string;
      userId?: string;
      kid?: string;
      emailVerified?: boolean;
    }
  /** Administration (admin/): `actor` is the superuser's id, or `cli`; deletion's may be `self` (DELETE /auth/me). */
  | { event: 'account_disabled'; userId: string; actor: string; sessions: number }
  | { event: 'account_enabled'; userId: string; actor: string }
  | { event: 'account_deleted'; userId: string; actor: string }
  | { event: 'impersonation_started'; userId: string; adminId: string; sessionId: string; ip: string }
  | { event: 'impersonation_ended'; userId: string; adminId: string; sessionId: string; reason: RevokeReason };

/** Failures and refusals are warnings (what an alert watches); the rest is information. */
const WARNINGS: ReadonlySet<SecurityEvent['event']> = new Set([
  'login_failed',
  'login_throttled',
  'registration_throttled',
  'password_change_failed',
]);

// An address typed into a login form ends up in the log: bounded, so a 10 kB "email" cannot flood it.
const MAX_FIELD_LENGTH = 254;

/** Writes the event as `security: <event>` with its fields. */
export function logSecurityEvent(logger: Logger, { event, ...fields }: SecurityEvent): void {
  const bounded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    bounded[key] = typeof value === 'string' && value.length > MAX_FIELD_LENGTH ? `${value.slice(0, MAX_FIELD_LENGTH)}…` : value;
  }
  if (WARNINGS.has(event)) logger.warn(`security: ${event}`, bounded);
  else logger.info(`security: ${event}`, bounded);
}
