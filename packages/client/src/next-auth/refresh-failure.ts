// Why a refresh failed, as the session reports it: the backend refused (sign out) or could not be reached (keep going).
import type { AuthError } from '../errors.js';

/**
 * `expired`, `revoked`, `reused`: the backend refused the refresh token; the session is over.
 * `network`: no usable answer (offline, timeout, 5xx, 429); the old tokens are kept and the refresh is retried.
 */
export type RefreshFailureReason = 'expired' | 'revoked' | 'reused' | 'network';

/** The error next-auth apps check for since the next-auth refresh-token-rotation guide; set only on refusals. */
export const REFRESH_ERROR = 'RefreshAccessTokenError';
export type RefreshError = typeof REFRESH_ERROR;

/**
 * Maps an auth failure to the reason the session carries.
 * @example refreshFailureReason(new AuthError('refresh_token_reused')) // 'reused'
 */
export function refreshFailureReason(error: AuthError): RefreshFailureReason {
  switch (error.code) {
    case 'token_expired':
      return 'expired';
    case 'refresh_token_reused':
      return 'reused';
    case 'network_error':
    case 'internal_error':
    case 'rate_limited':
    case 'invalid_response':
      return 'network';
    // session_revoked, invalid_token (simplejwt's blacklisted or unknown token), csrf_rejected, validation_failed...
    default:
      return 'revoked';
  }
}

/** True when the session must end; false when the old tokens should be kept and the refresh retried. */
export function isRefusal(reason: RefreshFailureReason): boolean {
  return reason !== 'network';
}
