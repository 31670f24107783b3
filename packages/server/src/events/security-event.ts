// The security events Tessera records (issue 16): one type per thing that happened, each with its own small detail.
// A detail never holds a secret (password, token, code, key): only names, counts, providers and addresses.

/** How a session started: a password, a social provider, a mailed link or code. */
export type SignInMethod = 'password' | 'social' | 'email_link' | 'email_code' | 'passkey';

/** Who acted on the account when it was not its owner (the admin feature fills these). */
export interface ActorDetail {
  /** The admin's user id, or `cli` for the command line. */
  actor?: string;
}

/** The detail object of each event type. Keys are snake_case: they are stored and served as they are. */
export interface SecurityEventDetails {
  'user.registered': { method: SignInMethod; provider?: string };
  'login.succeeded': { method: SignInMethod; provider?: string };
  /** `step`: what the password or code was for when it was not a sign-in (a reauthentication, a password change). */
  'login.failed': { method: 'password' | 'email_code'; email: string; step?: 'reauthenticate' };
  'login.throttled': { email: string; retry_after: number };
  'mfa.succeeded': { factor: string };
  'mfa.failed': { factor: string };
  /** An ancestor refresh token came back after its successor was used (RFC 9700 §4.14.2); the session was revoked. */
  'refresh.reuse_detected': { presented_generation: number; current_generation: number };
  'session.logged_out': Record<string, never>;
  'session.revoked': { by: 'user' | 'admin' } & ActorDetail;
  /** Sessions ended at once: logout everywhere, or an admin's sign-out. */
  'sessions.revoked_all': { sessions: number; by: 'user' | 'admin' } & ActorDetail;
  /** outcome `failure`: the current password was wrong and nothing changed. */
  'password.changed': { reason?: 'wrong_current_password' };
  'password.reset': Record<string, never>;
  'email.verified': { email: string };
  /** `reverted`: the owner used the revert link of the notice sent to the old address. */
  'email.changed': { from: string; to: string; reverted?: boolean };
  'mfa.enrolled': { factor: string };
  'mfa.removed': { factor: string } & ActorDetail;
  'passkey.added': { passkey_id: string; name?: string };
  'passkey.removed': { passkey_id: string; name?: string } & ActorDetail;
  'identity.linked': { provider: string; automatic?: boolean };
  'identity.unlinked': { provider: string };
  'account.disabled': ActorDetail;
  'account.enabled': ActorDetail;
  'account.deleted': ActorDetail;
  'impersonation.started': { admin_id: string };
  'impersonation.ended': { admin_id: string };
}

export type SecurityEventType = keyof SecurityEventDetails;

/** Every type, in the order the issue lists them (docs/events.md, tests). */
export const SECURITY_EVENT_TYPES = [
  'user.registered',
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'mfa.succeeded',
  'mfa.failed',
  'refresh.reuse_detected',
  'session.logged_out',
  'session.revoked',
  'sessions.revoked_all',
  'password.changed',
  'password.reset',
  'email.verified',
  'email.changed',
  'mfa.enrolled',
  'mfa.removed',
  'passkey.added',
  'passkey.removed',
  'identity.linked',
  'identity.unlinked',
  'account.disabled',
  'account.enabled',
  'account.deleted',
  'impersonation.started',
  'impersonation.ended',
] as const satisfies readonly SecurityEventType[];

export type Outcome = 'success' | 'failure';

/** Types that are failures by nature; the others are successes unless the call says otherwise. */
const FAILURES: ReadonlySet<SecurityEventType> = new Set(['login.failed', 'login.throttled', 'mfa.failed', 'refresh.reuse_detected']);

export const defaultOutcome = (type: SecurityEventType): Outcome => (FAILURES.has(type) ? 'failure' : 'success');

/** Who and where, as the request knew it. */
export interface EventContext {
  /** Null when no account matched (a failed login on an unknown address). */
  userId: string | null;
  sessionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Defaults to `failure` for login.failed, login.throttled, mfa.failed and refresh.reuse_detected, else `success`. */
  outcome?: Outcome;
}

/** What a call site records: the type, its detail, and the context. */
export type SecurityEventInput = {
  [T in SecurityEventType]: EventContext & { type: T; detail: SecurityEventDetails[T] };
}[SecurityEventType];

/** An event as stored: with its id and time, fields bounded. */
export type RecordedSecurityEvent = {
  [T in SecurityEventType]: {
    id: string;
    type: T;
    at: number;
    userId: string | null;
    sessionId: string | null;
    ip: string | null;
    userAgent: string | null;
    outcome: Outcome;
    detail: SecurityEventDetails[T];
  };
}[SecurityEventType];
