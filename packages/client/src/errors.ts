// Failure reasons with stable codes: the server's problem+json `code`s plus the ones only a client can see.

/** Every reason an auth call can fail; `switch (error.code)` narrows on it. */
export type AuthErrorCode =
  // Sent by the server (RFC 9457 problem+json `code`).
  | 'invalid_credentials'
  | 'invalid_token'
  | 'token_expired'
  | 'refresh_token_reused'
  | 'session_revoked'
  | 'validation_failed'
  | 'email_taken'
  | 'rate_limited'
  | 'csrf_rejected'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error'
  | 'service_unavailable'
  /** The refresh request carried the refresh cookie twice (one planted by another subdomain); the session ends. */
  | 'ambiguous_refresh_cookie'
  // Sent by the server's social sign-in routes.
  | 'invalid_id_token'
  | 'invalid_grant'
  | 'provider_not_configured'
  | 'account_exists'
  | 'last_sign_in_method'
  | 'provider_error'
  | 'email_not_verified'
  // Sent by the server's email and reauthentication routes.
  /** The 6-digit code of an email sign-in is wrong, used up (5 attempts) or expired. */
  | 'invalid_code'
  /** EMAIL_VERIFICATION=required and the account's email is not verified yet. */
  | 'email_unverified'
  /** The change needs a recent sign-in: call `reauthenticate` and try again. */
  | 'reauthentication_required'
  /** The application's `beforeRegister` hook refused the account (a domain allowlist…): `detail` says why. */
  | 'registration_refused'
  /** One of the application's server hooks failed; nothing was changed. */
  | 'hook_failed'
  /**
   * A second factor is needed: a step-up guard asked for one (403), or the account must set one up first. (A sign-in
   * of an account with one does not fail: `login` answers an MfaChallenge.)
   */
  | 'mfa_required'
  /** TOTP is set up already: remove it before setting up another. */
  | 'mfa_already_enabled'
  /** An admin route called by someone who is not a superuser, or an impersonation refused (403). */
  | 'forbidden'
  /** An admin disabled this account: sign-in and refresh are refused (403); the session ends. */
  | 'account_disabled'
  // Seen only by the client.
  /** The request never got an answer (offline, DNS, CORS, timeout). The session is kept. */
  | 'network_error'
  /** The server answered something that is not the expected JSON. */
  | 'invalid_response'
  /** The adapter's backend has no such endpoint (e.g. `register` on simplejwt), or the browser has no WebAuthn. */
  | 'not_supported'
  /** The browser's passkey prompt was dismissed, timed out or aborted, or no passkey of this device matched. */
  | 'passkey_cancelled'
  /** Registering a passkey on an authenticator that already holds one of the user's passkeys. */
  | 'passkey_exists';

/** One refused field of a `validation_failed` answer: `path` names it (`email`, `password`, `profile.city`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/**
 * An auth failure with a stable `code`; never branch on `message`.
 * @example if (isAuthError(e) && e.code === 'invalid_credentials') showWrongPassword()
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  // `declare`: set in the constructor, not as class fields too (the core's size budget).
  declare readonly code: AuthErrorCode;
  /** HTTP status, 0 when there was no response. */
  declare readonly status: number;
  /** Seconds to wait, from `Retry-After` on `rate_limited`. */
  declare readonly retryAfter: number | undefined;
  /**
   * The refused fields of a `validation_failed` answer (the problem's `errors` member), to show each reason next to
   * its field; undefined when the server named none.
   * @example error.errors?.find((e) => e.path === 'password')?.message
   */
  declare readonly errors: ReadonlyArray<FieldError> | undefined;

  constructor(code: AuthErrorCode, message: string = code, status = 0, retryAfter?: number, errors?: ReadonlyArray<FieldError>) {
    super(message);
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
    this.errors = errors;
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}

const TRANSIENT: ReadonlySet<AuthErrorCode> = new Set([
  'network_error',
  'rate_limited',
  'internal_error',
  'service_unavailable',
  'provider_error',
]);

/** Failures worth retrying with the session kept: nobody refused the token, the answer just did not come. */
export function isTransient(error: AuthError): boolean {
  return TRANSIENT.has(error.code);
}

/** Anything thrown while talking to the server, as an AuthError; non-AuthErrors are transport failures. */
export function toAuthError(value: unknown): AuthError {
  return isAuthError(value) ? value : new AuthError('network_error', String(value));
}
