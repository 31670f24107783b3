// Registrations per address: each one costs a password hash and a row, so an address gets a bounded number per
// window, successful or not (a refused duplicate costs the same hash).
import type { FailureCounter } from './failure-counter.js';
import { rateLimited } from './login-throttle.js';

export interface RegistrationThrottle {
  /** Counts one registration, or throws 429 `rate_limited` with Retry-After when the address has had its share. */
  reserve(ip: string): Promise<void>;
}

export function createRegistrationThrottle(
  counter: FailureCounter,
  limits: { perIp: number; windowSeconds: number },
): RegistrationThrottle {
  return {
    async reserve(ip) {
      const reservation = await counter.reserve([{ key: `reg:${ip}`, limit: limits.perIp, windowSeconds: limits.windowSeconds }]);
      if (!reservation.ok) throw rateLimited(reservation.retryAfter, 'Too many registrations from this address');
    },
  };
}
