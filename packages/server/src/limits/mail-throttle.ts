// Requests that send mail (verification, password reset, email change, passwordless sign-in): per email address and
// per client address per window, counted for every address alike, known or not, so a 429 says nothing about whether
// an account exists; and a mailbox cannot be flooded from many addresses.
import { normalizeEmail } from '../users/normalize-email.js';
import type { FailureCounter } from './failure-counter.js';
import { rateLimited } from './login-throttle.js';

export interface MailThrottle {
  /** Counts one mail request, or throws 429 `rate_limited` with Retry-After once either limit is reached. */
  reserve(email: string, ip: string): Promise<void>;
}

export function createMailThrottle(
  counter: FailureCounter,
  limits: { perEmail: number; perIp: number; windowSeconds: number },
): MailThrottle {
  return {
    async reserve(email, ip) {
      const reservation = await counter.reserve([
        { key: `mail:e:${normalizeEmail(email)}`, limit: limits.perEmail, windowSeconds: limits.windowSeconds },
        { key: `mail:ip:${ip}`, limit: limits.perIp, windowSeconds: limits.windowSeconds },
      ]);
      if (!reservation.ok) throw rateLimited(reservation.retryAfter, 'Too many mail requests; try again later');
    },
  };
}
