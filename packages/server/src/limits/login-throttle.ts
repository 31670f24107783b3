// Login throttling on failed attempts, per account and per IP (OWASP ASVS 5.0 §6.3): checked before any
// password work, so a guessing script is stopped within a few dozen tries and pays nothing after that.
import { TesseraError } from '../errors.js';
import type { FailureCounter } from './failure-counter.js';

export interface LoginThrottle {
  /** Throws 429 `rate_limited` with Retry-After when either counter is full. */
  check(account: string, ip: string): Promise<void>;
  recordFailure(account: string, ip: string): Promise<void>;
  recordSuccess(account: string): Promise<void>;
}

export function createLoginThrottle(counter: FailureCounter, limits: { perAccount: number; perIp: number }): LoginThrottle {
  const accountKey = (account: string) => `acct:${account.toLowerCase()}`;
  const ipKey = (ip: string) => `ip:${ip}`;
  return {
    async check(account, ip) {
      const [byAccount, byIp] = await Promise.all([counter.get(accountKey(account)), counter.get(ipKey(ip))]);
      const blocked = [byAccount.count >= limits.perAccount ? byAccount.retryAfter : 0, byIp.count >= limits.perIp ? byIp.retryAfter : 0];
      const retryAfter = Math.max(...blocked);
      if (retryAfter > 0) {
        throw new TesseraError('rate_limited', `Too many failed attempts; try again in ${retryAfter} s`, {
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
    },
    async recordFailure(account, ip) {
      await Promise.all([counter.add(accountKey(account)), counter.add(ipKey(ip))]);
    },
    async recordSuccess(account) {
      await counter.reset(accountKey(account));
    },
  };
}
