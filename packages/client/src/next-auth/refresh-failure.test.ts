import { describe, expect, it } from 'vitest';
import { AuthError, type AuthErrorCode } from '../errors.js';
import { isRefusal, refreshFailureReason, type RefreshFailureReason } from './refresh-failure.js';

describe('refreshFailureReason', () => {
  const cases: Array<[AuthErrorCode, RefreshFailureReason]> = [
    ['token_expired', 'expired'],
    ['refresh_token_reused', 'reused'],
    ['session_revoked', 'revoked'],
    // simplejwt answers a blacklisted or unknown refresh token with token_not_valid, mapped to invalid_token.
    ['invalid_token', 'revoked'],
    ['csrf_rejected', 'revoked'],
    ['network_error', 'network'],
    ['internal_error', 'network'],
    ['rate_limited', 'network'],
    ['invalid_response', 'network'],
  ];
  it.each(cases)('%s → %s', (code, reason) => {
    expect(refreshFailureReason(new AuthError(code))).toBe(reason);
  });

  it('treats only network as worth retrying with the session kept', () => {
    expect((['expired', 'revoked', 'reused', 'network'] as const).map(isRefusal)).toEqual([true, true, true, false]);
  });
});
