import { describe, expect, it } from 'vitest';
import type { TokenSet } from './adapters/auth-adapter.js';
import { AuthError } from './errors.js';
import { failureOutcome, isFresh, isSuperseded, pickNewer, refreshAt } from './refresh.js';

const MARGIN = 60_000;
const DELAYS = { retryDelay: 1_000, maxRetryDelay: 60_000 };
const tokens = (accessToken: string, expiresAt: number, issuedAt?: number): TokenSet<null> => ({
  accessToken,
  expiresAt,
  ...(issuedAt === undefined ? {} : { issuedAt }),
  user: null,
});

describe('refreshAt and isFresh', () => {
  it('is due the margin before expiry', () => {
    expect(refreshAt(tokens('a', 900_000), MARGIN)).toBe(840_000);
  });

  it('is due halfway through the life of a token shorter than the margin', () => {
    expect(refreshAt(tokens('a', 10_000, 0), MARGIN)).toBe(5_000);
  });

  it('counts a token as fresh strictly before it is due', () => {
    const session = tokens('a', 900_000);
    expect(isFresh(session, 839_999, MARGIN)).toBe(true);
    expect(isFresh(session, 840_000, MARGIN)).toBe(false);
  });
});

describe('isSuperseded', () => {
  const before = tokens('at-1', 900_000);

  it('is false while the session is still the one the refresh set out from', () => {
    expect(isSuperseded(before, before, 850_000, MARGIN)).toBe(false);
  });

  it('is true when another fresh session was installed meanwhile', () => {
    expect(isSuperseded(before, tokens('at-2', 1_800_000), 850_000, MARGIN)).toBe(true);
  });

  it('is false when the session installed meanwhile is itself due for a refresh', () => {
    expect(isSuperseded(before, tokens('at-2', 900_000), 850_000, MARGIN)).toBe(false);
  });

  it('is true when every tab signed out meanwhile', () => {
    expect(isSuperseded(before, null, 850_000, MARGIN)).toBe(true);
  });

  it('is true when a session arrived for a tab that had none', () => {
    expect(isSuperseded(null, tokens('at-2', 1_800_000), 0, MARGIN)).toBe(true);
  });

  it('is false for a tab that had no session and still has none', () => {
    expect(isSuperseded(null, null, 0, MARGIN)).toBe(false);
  });
});

describe('pickNewer', () => {
  const before = tokens('at-1', 900_000);
  const next = tokens('at-2', 1_800_000);

  it('takes our result when nothing changed meanwhile', () => {
    expect(pickNewer(before, before, next)).toBe(next);
  });

  it('takes our result when a restore from no session brought it', () => {
    expect(pickNewer(null, null, next)).toBe(next);
  });

  it('keeps a session installed meanwhile that expires later than ours', () => {
    const later = tokens('at-3', 1_900_000);
    expect(pickNewer(before, later, next)).toBe(later);
  });

  it('takes our result over a session installed meanwhile that expires earlier', () => {
    expect(pickNewer(before, tokens('at-3', 1_700_000), next)).toBe(next);
  });

  it('takes our result over a session installed meanwhile that expires at the same time', () => {
    expect(pickNewer(before, tokens('at-3', 1_800_000), next)).toBe(next);
  });

  it('keeps the sign-out when every tab signed out meanwhile', () => {
    expect(pickNewer(before, null, next)).toBeNull();
  });
});

describe('failureOutcome', () => {
  const before = tokens('at-1', 900_000);

  it('keeps the session after a network failure and retries after retryDelay', () => {
    expect(failureOutcome(new AuthError('network_error'), before, 0, DELAYS)).toEqual({ type: 'retry', delay: 1_000, retries: 1 });
  });

  it('doubles the retry delay per failure in a row', () => {
    expect(failureOutcome(new AuthError('internal_error'), before, 3, DELAYS)).toEqual({ type: 'retry', delay: 8_000, retries: 4 });
  });

  it('caps the retry delay at maxRetryDelay', () => {
    expect(failureOutcome(new AuthError('network_error'), before, 10, DELAYS)).toMatchObject({ delay: 60_000 });
  });

  it('waits as long as Retry-After says, without counting a back-off step', () => {
    const limited = new AuthError('rate_limited', 'slow down', 429, 30);
    expect(failureOutcome(limited, before, 2, DELAYS)).toEqual({ type: 'retry', delay: 30_000, retries: 2 });
  });

  it('keeps a session that is still loading after a network failure', () => {
    expect(failureOutcome(new AuthError('network_error'), null, 0, DELAYS)).toMatchObject({ type: 'retry' });
  });

  it('signs out every tab with the reason when the server revoked the session', () => {
    const revoked = new AuthError('session_revoked');
    expect(failureOutcome(revoked, before, 0, DELAYS)).toEqual({ type: 'signout', error: revoked, broadcast: true });
  });

  it('signs out every tab with invalid_token when a held session is refused', () => {
    const refused = new AuthError('invalid_token');
    expect(failureOutcome(refused, before, 0, DELAYS)).toEqual({ type: 'signout', error: refused, broadcast: true });
  });

  it('ends a visitor without a refresh cookie quietly: no error, no broadcast', () => {
    expect(failureOutcome(new AuthError('invalid_token'), null, 0, DELAYS)).toEqual({ type: 'signout', error: null, broadcast: false });
  });

  it('reports a reused refresh token to this tab only when it held no session', () => {
    const reused = new AuthError('refresh_token_reused');
    expect(failureOutcome(reused, null, 0, DELAYS)).toEqual({ type: 'signout', error: reused, broadcast: false });
  });
});
