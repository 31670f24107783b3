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
  /** Passkeys (passkeys/): registered, removed, and an assertion refused because its counter did not increase. */
  | { event: 'passkey_added'; userId: string; ip: string; passkeyId: string }
  | { event: 'passkey_removed'; userId: string; ip: string; passkeyId: string }
  | { event: 'passkey_counter_regression'; userId: string; ip: string; passkeyId: string; storedCounter: number; receivedCounter: number }
  /** Second factors (mfa/): the MFA step or a reauthentication passed or failed one; a factor set up or removed. */
  | { event: 'mfa_succeeded'; userId: string; ip: string; method: string }
  | { event: 'mfa_failed'; userId: string; ip: string; method: string; purpose: 'mfa' | 'reauth' }
  | { event: 'mfa_enrolled'; userId: string; ip: string; method: string }
  | { event: 'mfa_removed'; userId: string; ip: string; method: string }
  | { event: 'recovery_codes_regenerated'; userId: string; ip: string }
  | { event: 'admin_action'; action: 'superuser_created' | 'keys_rotated' | 'keys_revoked'; actor: 'cli'; userId?: string; kid?: string };

/** Failures and refusals are warnings (what an alert watches); the rest is information. */
const WARNINGS: ReadonlySet<SecurityEvent['event']> = new Set([
  'login_failed',
  'login_throttled',
  'registration_throttled',
  'password_change_failed',
  'passkey_counter_regression',
  'mfa_failed',
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
