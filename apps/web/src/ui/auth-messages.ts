// What to tell a visitor for each failure code: the demo branches on `error.code`, never on a message.
import type { AuthErrorCode } from '@tessera/client';

/** next-auth reports failures as short strings of its own; the demo's callbacks pass Tessera's codes through them. */
export type DemoErrorCode =
  AuthErrorCode | 'access_denied' | 'oauth_failed' | 'account_exists' | 'invalid_id_token' | 'provider_error' | 'unknown';

const MESSAGES: Partial<Record<DemoErrorCode, string>> = {
  invalid_credentials: 'Wrong email or password.',
  email_taken: 'An account with this email already exists. Sign in instead.',
  validation_failed: 'Please check the form: a valid email and a password of at least 8 characters, not a common one.',
  rate_limited: 'Too many failed sign-ins. Wait a moment before trying again.',
  session_revoked: 'Your session was revoked (signed out on another device or from the sessions list). Please sign in again.',
  account_disabled: 'Your account has been disabled by an administrator. Contact support to get it back.',
  forbidden: 'You are not allowed to do this.',
  refresh_token_reused: 'Your session was ended because its refresh token was presented twice. Please sign in again.',
  token_expired: 'Your session expired. Please sign in again.',
  invalid_token: 'Your session is no longer valid. Please sign in again.',
  csrf_rejected: "The API refused this page's origin. Add it to CORS_ALLOWED_ORIGINS.",
  network_error: 'The API cannot be reached right now. Your session is kept; retrying.',
  internal_error: 'The API had a problem. Please try again.',
  access_denied: 'Sign-in was cancelled at the provider.',
  // next-auth reports a Cancel at the provider and a failed exchange alike (OAuthCallback): the message covers both.
  oauth_failed: 'Sign-in with the provider did not finish: it was cancelled there, or it failed. Please try again.',
  account_exists: 'An account with this email already exists. Sign in to it first (with your password), then link this provider.',
  email_not_verified: 'The provider has not verified your email address. Verify it there, or register with a password.',
  invalid_id_token: "The provider's answer could not be verified. Please try again.",
  provider_error: 'The sign-in provider cannot be reached right now. Please try again.',
};

export function messageFor(code: string | null | undefined, retryAfter?: number): string {
  if (!code) return 'Something went wrong. Please try again.';
  const message = MESSAGES[code as DemoErrorCode] ?? `Something went wrong (${code}).`;
  return code === 'rate_limited' && retryAfter ? `Too many failed sign-ins. Try again in ${formatSeconds(retryAfter)}.` : message;
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}
