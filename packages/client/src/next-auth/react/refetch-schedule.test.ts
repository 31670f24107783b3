import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY, MIN_DELAY, refetchDelay, retryDelay } from './refetch-schedule.js';

describe('refetchDelay', () => {
  it('counts from the expiry, not from now: the same instant whenever the page was loaded', () => {
    const expires = 1_000_000;
    expect(refetchDelay(expires, 100_000, 60_000)).toBe(840_000);
    expect(refetchDelay(expires, 500_000, 60_000)).toBe(440_000);
    expect(500_000 + refetchDelay(expires, 500_000, 60_000)).toBe(100_000 + refetchDelay(expires, 100_000, 60_000));
  });

  it('waits at least MIN_DELAY for a token already due, and never overflows setTimeout', () => {
    expect(refetchDelay(1_000, 5_000, 60_000)).toBe(MIN_DELAY);
    expect(refetchDelay(Number.MAX_SAFE_INTEGER, 0, 0)).toBe(2 ** 31 - 1);
  });
});

describe('retryDelay', () => {
  it('doubles from 5 s up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelay)).toEqual([5_000, 10_000, 20_000, 40_000, MAX_RETRY_DELAY, MAX_RETRY_DELAY]);
  });
});
