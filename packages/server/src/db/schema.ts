// Table types shared by every query. Times are epoch milliseconds and flags 0/1 so SQLite and PostgreSQL read alike.
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string | null;
  name: string | null;
  email_verified: number;
  is_superuser: number;
  /** JSON object of the configured custom fields. */
  custom: string;
  created_at: number;
  updated_at: number;
  /**
   * 1 when this user must use a second factor whatever MFA_REQUIRED says (mfa/mfa-policy.ts). Optional in the type:
   * the refresh query builds its user without it, and nothing on that path reads it.
   */
  mfa_required?: number;
  /** 1 (the default): mail the user on a sign-in from a device not seen before (events/notifications.ts); 0: opted out. */
  notify_new_sign_in: number;
  /** When an admin disabled the account (admin/); null while it may sign in. */
  disabled_at: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
  /** Sliding expiry: moves forward with every refresh, never past absolute_expires_at. */
  expires_at: number;
  absolute_expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
  /** Generation of the newest refresh token of the session's chain (sessions/refresh-token.ts); 0 at sign-in. */
  generation: number;
  /** When the newest generation was issued by a rotation; null before the first refresh. */
  rotated_at: number | null;
  /** When the generation before it was issued by a rotation (the grace window of a two-step-old token). */
  previous_rotated_at: number | null;
  /** When the session last proved its user (sign-in, reset, magic link, reauthentication): `auth_time` of its tokens. */
  authenticated_at: number;
  /** How it proved them: a JSON array of RFC 8176 values (reauth/amr.ts), the tokens' `amr`. */
  amr: string;
  /** The admin acting as the user (admin/impersonate.ts): such a session has no refresh chain and ends with its token. */
  impersonator_id: string | null;
}

/**
 * Refresh tokens of the first design (one row per token), kept so sessions started before migration 0003 keep
 * working: such a token, unspent, counts as generation 0 of its session's chain. Rows are purged as they expire.
 */
export interface RefreshTokensTable {
  /** The token's public selector; the secret verifier is stored only as a SHA-256 hash. */
  id: string;
  session_id: string;
  verifier_hash: string;
  created_at: number;
  expires_at: number;
  /** Set once the token has been exchanged for its successor. */
  rotated_at: number | null;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  created_at: number;
  /** Signing starts here: a new key is published (JWKS, every instance) a little before anyone signs with it. */
  not_before: number | null;
  /** Signing stops here; the key keeps verifying until the tokens it signed have expired. */
  retired_at: number | null;
}

/** One row per change announced on SQLite's change feed (sync/sqlite-change-feed.ts). */
export interface ChangesTable {
  id: number;
  topic: string;
  at: number;
}

/** One row per revoked session, kept a day; instances hold the last access-token lifetime of it in memory. */
export interface SessionRevocationsTable {
  /** Assigned by the database; on SQLite the position the pollers read from. */
  id: Generated<number>;
  session_id: string;
  revoked_at: number;
}

export interface SecretsTable {
  name: string;
  value: string;
}

/** A sign-in identity at an OpenID Connect provider: (provider, subject) is unique; a user may have several. */
export interface SocialIdentitiesTable {
  id: string;
  user_id: string;
  /** The configured provider id, e.g. `google`. */
  provider: string;
  /** The provider's `sub`. */
  subject: string;
  /** The email the provider gave at the last sign-in (informational). */
  email: string | null;
  created_at: number;
  last_used_at: number;
}

/** ID token nonces Tessera handed out and nobody used yet; a sign-in deletes its row, so every instance sees it used. */
export interface SocialIssuedNoncesTable {
  /** SHA-256 of provider and nonce: the nonce itself is never stored. */
  id: string;
  expires_at: number;
}

/** What an email token is for; a token answers only for its own purpose. */
export type EmailTokenPurpose = 'verify_email' | 'password_reset' | 'email_change' | 'email_change_revert' | 'magic_link';

/** A single-use token mailed to a user (email/email-tokens.ts). */
export interface EmailTokensTable {
  /** SHA-256 of the token. */
  id: string;
  user_id: string;
  purpose: EmailTokenPurpose;
  /** Where the mail went: the new address for an email change, the old one for its revert link. */
  email: string;
  /** Fingerprint of the user's email and password hash when issued: either changing kills the token. */
  binding: string;
  /** HMAC of a passwordless sign-in's 6-digit code. */
  code_hash: string | null;
  /** Wrong codes tried against it. */
  attempts: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A mail written in the transaction of the change it reports, sent after commit (email/mail-outbox.ts). */
export interface MailOutboxTable {
  id: string;
  kind: string;
  recipient: string;
  /** Template data (links, codes) encrypted with TESSERA_SECRET; '' once sent. */
  data: string;
  created_at: number;
  next_attempt_at: number;
  attempts: number;
  locked_until: number | null;
  sent_at: number | null;
  /** Set when the sender gave up (too many attempts). */
  failed_at: number | null;
  last_error: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  url: string;
  /** The JSON body sealed with TESSERA_SECRET; '' once delivered. */
  body: string;
  attempts: number;
  next_attempt_at: number;
  leased_until: number | null;
  delivered_at: number | null;
  /** Set when the sender gave up (24 hours of failures, or the URL left WEBHOOK_URLS). */
  failed_at: number | null;
  /** The receiver's last HTTP status; null after a network error or before the first attempt. */
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  give_up_at: number;
}

/** A passkey: a WebAuthn credential registered by a user (passkeys/). */
export interface WebauthnCredentialsTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  name: string;
  /** COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter at the last use; 0 for authenticators without one (most synced passkeys). */
  counter: number;
  /** JSON array of AuthenticatorTransport values the browser reported. */
  transports: string;
  /** `singleDevice` (bound to one authenticator) or `multiDevice` (may be synced). */
  device_type: string;
  backed_up: number;
  aaguid: string;
  created_at: number;
  last_used_at: number | null;
}

export type WebauthnChallengePurpose = 'register' | 'login' | 'mfa' | 'reauth';

/** A WebAuthn challenge handed out and not yet answered (passkeys/challenge-store.ts). */
export interface WebauthnChallengesTable {
  /** SHA-256 of the challenge: the challenge itself is never stored. */
  id: string;
  purpose: WebauthnChallengePurpose;
  /** The user it was issued for; null for a sign-in, where nobody is known yet. */
  user_id: string | null;
  /** The session that asked (registration), so another session of the user cannot answer it. */
  session_id: string | null;
  created_at: number;
  expires_at: number;
}

/** A user's TOTP authenticator (mfa/totp-store.ts): one per user, active once confirmed. */
export interface MfaTotpTable {
  user_id: string;
  /** The base32 secret sealed with TESSERA_SECRET (core.box). */
  secret: string;
  confirmed_at: number | null;
  /** RFC 6238 time step of the last code accepted: no code of it or before is accepted again. */
  last_step: number | null;
  created_at: number;
}

/** A single-use recovery code (mfa/recovery-codes.ts), stored as its SHA-256. */
export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** The MFA step of a sign-in (mfa/mfa-challenges.ts): the first factor passed, the second one awaited. */
export interface MfaChallengesTable {
  /** SHA-256 of the mfa_token. */
  id: string;
  user_id: string;
  /** JSON array of the first factor's RFC 8176 values. */
  amr: string;
  user_agent: string | null;
  ip: string;
  attempts: number;
  created_at: number;
  expires_at: number;
}

/** What happened to an account, written in the transaction of the change (events/event-recorder.ts). */
export interface SecurityEventsTable {
  /** Time-ordered (events/event-id.ts): sorting by id is sorting by time, ties broken. */
  id: string;
  type: string;
  at: number;
  /** Null for an unknown account (a failed login on an unregistered address) and after the account was deleted. */
  user_id: string | null;
  session_id: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: 'success' | 'failure';
  /** A small JSON object, per type (events/security-event.ts); never a secret. */
  detail: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  signing_keys: SigningKeysTable;
  tessera_secrets: SecretsTable;
  social_identities: SocialIdentitiesTable;
  social_issued_nonces: SocialIssuedNoncesTable;
  tessera_changes: ChangesTable;
  session_revocations: SessionRevocationsTable;
  email_tokens: EmailTokensTable;
  mail_outbox: MailOutboxTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  security_events: SecurityEventsTable;
}
