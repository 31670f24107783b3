// Requests per client address for anonymous routes that cost something whatever their outcome: a registration costs
// a password hash and a row (a refused duplicate costs the same hash), a passkey sign-in challenge costs a row that
// lives five minutes. An address gets a bounded number per window, successful or not.
import type { FailureCounter } from './failure-counter.js';
import { rateLimited } from './login-throttle.js';

export interface AddressThrottle {
  /** Counts one request, or throws 429 `rate_limited` with Retry-After when the address has had its share. */
  reserve(ip: string): Promise<void>;
}

export function createAddressThrottle(
  counter: FailureCounter,
  limits: {
    /** Keeps each throttle's counts apart in the shared counter (memory or Redis). */
    keyPrefix: string;
    perIp: number;
    windowSeconds: number;
    /** The refusal's detail, before "; try again in N s". */
    refusal: string;
  },
): AddressThrottle {
  return {
    async reserve(ip) {
      const reservation = await counter.reserve([
        { key: `${limits.keyPrefix}:${ip}`, limit: limits.perIp, windowSeconds: limits.windowSeconds },
      ]);
      if (!reservation.ok) throw rateLimited(reservation.retryAfter, limits.refusal);
    },
  };
}
