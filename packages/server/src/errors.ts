// The one map of error codes to HTTP status and title; the server answers them as RFC 9457 problem+json.
import type { CookieDiagnostic } from './doctor/cookie-diagnostic.js';

export const ERRORS = {
  invalid_credentials: { status: 401, title: 'Invalid email or password' },
  invalid_token: { status: 401, title: 'Invalid token' },
  token_expired: { status: 401, title: 'Token expired' },
  refresh_token_reused: { status: 401, title: 'Refresh token reused' },
  session_revoked: { status: 401, title: 'Session revoked' },
  validation_failed: { status: 400, title: 'Validation failed' },
  email_taken: { status: 409, title: 'Email already registered' },
  invalid_id_token: { status: 401, title: 'Invalid ID token' },
  invalid_grant: { status: 400, title: 'Authorization code refused' },
  provider_not_configured: { status: 404, title: 'Sign-in provider not configured' },
  account_exists: { status: 409, title: 'Account exists' },
  last_sign_in_method: { status: 409, title: 'Last sign-in method' },
  provider_error: { status: 502, title: 'Sign-in provider failed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  csrf_rejected: { status: 403, title: 'Cross-site request rejected' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  internal_error: { status: 500, title: 'Internal server error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  email_not_verified: { status: 403, title: 'Email not verified by the provider' },
  ambiguous_refresh_cookie: { status: 400, title: 'More than one refresh cookie' },
  invalid_code: { status: 400, title: 'Invalid code' },
  email_unverified: { status: 403, title: 'Email not verified' },
  reauthentication_required: { status: 401, title: 'Reauthentication required' },
  registration_refused: { status: 403, title: 'Registration refused' },
  hook_failed: { status: 500, title: 'Hook failed' },
  /** A second factor is needed: the token's amr lacks what a guard asks for, or the user must enrol one first. */
  mfa_required: { status: 403, title: 'Multi-factor authentication required' },
  mfa_already_enabled: { status: 409, title: 'Second factor already enabled' },
  forbidden: { status: 403, title: 'Forbidden' },
  account_disabled: { status: 403, title: 'Account disabled' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** Problem details body (RFC 9457 §3) with Tessera's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  /** Field-level messages for `validation_failed`. */
  errors?: Array<{ path: string; message: string }>;
  /** Outside production, on a refresh without the refresh cookie: why the browser likely kept it back. */
  cookie_diagnostic?: CookieDiagnostic;
}

/**
 * An error with a stable code; routes throw it and the HTTP layer turns it into problem+json.
 * @example throw new TesseraError('invalid_token', 'Token signature is invalid')
 */
export class TesseraError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly errors: Problem['errors'];
  readonly cookieDiagnostic: CookieDiagnostic | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: {
      headers?: Record<string, string>;
      errors?: Problem['errors'];
      cause?: unknown;
      /** Another status than the code's usual one (a mailed token is a 400 `invalid_token`, not a bearer 401). */
      status?: number;
      /** The `cookie_diagnostic` extension member (doctor/diagnose-missing-cookie.ts). */
      cookieDiagnostic?: CookieDiagnostic | undefined;
    } = {},
  ) {
    super(detail ?? ERRORS[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TesseraError';
    this.code = code;
    this.status = options.status ?? ERRORS[code].status;
    this.headers = options.headers ?? {};
    this.errors = options.errors;
    this.cookieDiagnostic = options.cookieDiagnostic;
  }

  toProblem(): Problem {
    const problem: Problem = {
      type: `urn:tessera:error:${this.code}`,
      title: ERRORS[this.code].title,
      status: this.status,
      detail: this.message,
      code: this.code,
    };
    if (this.errors) problem.errors = this.errors;
    // Every validation_failed names what was refused, so a form can always read `errors`: a refusal of no single
    // field (a body that is not JSON, a method the server does not offer) has the empty path, the request as a whole.
    else if (this.code === 'validation_failed') problem.errors = [{ path: '', message: this.message }];
    if (this.cookieDiagnostic) problem.cookie_diagnostic = this.cookieDiagnostic;
    return problem;
  }
}

/**
 * A route's error: a code with its usual status, or `[code, status]` when the route answers it with another one
 * (the email flows answer a bad mailed token with 400 `invalid_token`).
 */
export type RouteError = ErrorCode | readonly [ErrorCode, number];

/** A mailed token (reset, verification, email change, magic link) that is unknown, used, superseded or expired. */
export function mailedTokenError(code: 'invalid_token' | 'token_expired', detail: string): TesseraError {
  return new TesseraError(code, detail, { status: 400 });
}

export function isTesseraError(value: unknown): value is TesseraError {
  return value instanceof TesseraError;
}

/** Codes that mean "this bearer/refresh token is not usable"; RFC 6750 §3.1 says such 401s name `invalid_token`. */
const TOKEN_CODES: ReadonlySet<ErrorCode> = new Set(['invalid_token', 'token_expired', 'refresh_token_reused', 'session_revoked']);

/** The WWW-Authenticate challenge for a 401 (RFC 6750 §3). */
export function bearerChallenge(code: ErrorCode, detail: string): string {
  if (!TOKEN_CODES.has(code)) return 'Bearer realm="tessera"';
  const description = detail.replace(/["\\]/g, '');
  return `Bearer realm="tessera", error="invalid_token", error_description="${description}"`;
}
