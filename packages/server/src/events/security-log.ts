// Security events as one structured log line each (OWASP ASVS 5.0 §16.2, §16.3): what happened, to which account,
// from which address, why. Never a password, token, code or secret: the fields below are the only ones an event can
// carry, so a call site cannot pass one by accident. The audit-log issue stores these same events; until then they go
// to the configured logger (one line per event, see config/resolve-config.ts).
import type { Logger } from '../config/options.js';
import { TesseraError } from '../errors.js';
import type { RevokeReason } from '../sessions/session-types.js';

// The events of issue 16's list are recorded in the database with their change (event-recorder.ts), which writes
// their line; these are the ones that are log lines only.
export type SecurityEvent =
  | { event: 'login_failed'; email: string; ip: string; userId: string | null }
  /** Written when login.throttled is not recorded again within its minute (refusal-sampler.ts). */
  | { event: 'login_throttled'; email: string; ip: string; retryAfter: number }
  | { event: 'registration_throttled'; ip: string; retryAfter: number }
  /** Anonymous passkey challenges past PASSKEY_OPTIONS_MAX_PER_IP (passkeys/). */
  | { event: 'passkey_options_throttled'; ip: string; retryAfter: number }
  /** Sessions ended by a change that has an event of its own (password change or reset, email revert) or by the CLI. */
  | { event: 'sessions_revoked'; userId: string; reason: RevokeReason; sessions: number }
  /** Email change (email-change/): requested (the confirmation is email.changed). */
  | { event: 'email_change_requested'; userId: string; ip: string; newEmail: string }
  /** A passkey assertion refused because its counter did not increase (a cloned authenticator, passkeys/). */
  | { event: 'passkey_counter_regression'; userId: string; ip: string; passkeyId: string; storedCounter: number; receivedCounter: number }
  /** New recovery codes (mfa/); enrolment and removal are recorded events (mfa.enrolled, mfa.removed). */
  | { event: 'recovery_codes_regenerated'; userId: string; ip: string }
  | {
      event: 'admin_action';
      action: 'superuser_created' | 'keys_rotated' | 'keys_revoked' | 'email_verified_set';
      /** `cli`, or the acting superuser's id (admin/). */
      actor: string;
      userId?: string;
      kid?: string;
      emailVerified?: boolean;
    };

/** Failures and refusals are warnings (what an alert watches); the rest is information. */
const WARNINGS: ReadonlySet<SecurityEvent['event']> = new Set([
  'login_failed',
  'login_throttled',
  'registration_throttled',
  'passkey_options_throttled',
  'passkey_counter_regression',
]);

// An address typed into a login form ends up in the log: bounded, so a 10 kB "email" cannot flood it.
export const MAX_FIELD_LENGTH = 254;

/** Writes the event as `security: <event>` with its fields. */
export function logSecurityEvent(logger: Logger, { event, ...fields }: SecurityEvent): void {
  const bounded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    bounded[key] = typeof value === 'string' && value.length > MAX_FIELD_LENGTH ? `${value.slice(0, MAX_FIELD_LENGTH)}…` : value;
  }
  if (WARNINGS.has(event)) logger.warn(`security: ${event}`, bounded);
  else logger.info(`security: ${event}`, bounded);
}

/**
 * Awaits an address throttle's reservation; a `rate_limited` refusal is logged as `event` (a lockout an alert may
 * watch) before it is thrown on.
 */
export async function logThrottling<T>(logger: Logger, reserving: Promise<T>, event: (retryAfter: number) => SecurityEvent): Promise<T> {
  try {
    return await reserving;
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'rate_limited') {
      logSecurityEvent(logger, event(Number(error.headers['Retry-After'] ?? 0)));
    }
    throw error;
  }
}
