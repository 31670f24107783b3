// Login throttling (OWASP ASVS 5.0 §6.3.1) on three counters, each reserved before any password work:
// - per account and address: the lockout a guessing script meets, which leaves the owner signing in from elsewhere;
// - per account: a higher ceiling against guesses spread over many addresses (a botnet);
// - per address: one address spraying many accounts.
// Reserving first (atomically, see failure-counter.ts) means at most the limit is ever evaluated, whatever the
// concurrency; a success gives its reservation back.
import { TesseraError } from '../errors.js';
import { normalizeEmail } from '../users/normalize-email.js';
import type { FailureCounter, Limit } from './failure-counter.js';

export interface LoginLimits {
  perAccountAndIp: number;
  perAccount: number;
  perIp: number;
  windowSeconds: number;
}

/** The counters one login attempt must fit under, keyed on the canonical email (the one the user lookup uses). */
export function loginLimits(account: string, ip: string, limits: LoginLimits): Limit[] {
  const email = normalizeEmail(account);
  const { windowSeconds } = limits;
  return [
    { key: `pair:${email}|${ip}`, limit: limits.perAccountAndIp, windowSeconds },
    { key: `acct:${email}`, limit: limits.perAccount, windowSeconds },
    { key: `ip:${ip}`, limit: limits.perIp, windowSeconds },
  ];
}

/** A reserved attempt: say how it ended. A failure keeps its reservation: that is the count. */
export interface LoginAttempt {
  /** The password was right: the pair starts over; the account and address get this attempt back. */
  succeeded(): Promise<void>;
  /** The password was never evaluated (the hashing queue was full): every counter gets this attempt back. */
  abandoned(): Promise<void>;
}

export interface LoginThrottle {
  /** Reserves one attempt, or throws 429 `rate_limited` with Retry-After when a counter is full. */
  reserve(account: string, ip: string): Promise<LoginAttempt>;
}

export function createLoginThrottle(counter: FailureCounter, limits: LoginLimits): LoginThrottle {
  return {
    async reserve(account, ip) {
      const [pair, acct, byIp] = loginLimits(account, ip, limits) as [Limit, Limit, Limit];
      const reservation = await counter.reserve([pair, acct, byIp]);
      if (!reservation.ok) throw rateLimited(reservation.retryAfter, 'Too many failed attempts');
      return {
        async succeeded() {
          await Promise.all([counter.reset(pair.key), counter.release(acct.key), counter.release(byIp.key)]);
        },
        async abandoned() {
          await Promise.all([counter.release(pair.key), counter.release(acct.key), counter.release(byIp.key)]);
        },
      };
    },
  };
}

export function rateLimited(retryAfter: number, what: string): TesseraError {
  const seconds = Math.max(1, retryAfter);
  return new TesseraError('rate_limited', `${what}; try again in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } });
}
