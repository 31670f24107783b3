// The opt-in breached-password check (OWASP ASVS 5.0 6.2.12) through a k-anonymity range API (the Pwned Passwords
// API's protocol): only the first 5 hex characters of the password's SHA-1 leave the server, the matching suffixes
// come back, and the match is made here. I/O only; what a match means is decided by the caller.
import { createHash } from 'node:crypto';
import type { Logger } from '../config/index.js';

export interface BreachCheckOptions {
  /** The range endpoint; the 5-character prefix is appended as a path segment. */
  url: string;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
}

/** Whether the password appears in the breach corpus; false, with a warning logged, when the service cannot answer. */
export type BreachCheck = (password: string) => Promise<boolean>;

/**
 * Fail-open: a check that cannot be made never blocks a registration or a password change (the other rules still
 * apply); the warning says the check was skipped, never which password.
 */
export function createBreachCheck(options: BreachCheckOptions): BreachCheck {
  const base = options.url.replace(/\/+$/, '');
  return async (password) => {
    const hash = createHash('sha1').update(password).digest('hex').toUpperCase();
    const prefix = hash.slice(0, 5);
    try {
      const response = await options.fetch(`${base}/${prefix}`, {
        // Padding makes every answer a similar size, so the length on the wire does not narrow down the prefix.
        headers: { 'Add-Padding': 'true', Accept: 'text/plain' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      return suffixCount(await response.text(), hash.slice(5)) > 0;
    } catch (error) {
      options.logger.warn('password breach check unavailable; password accepted without it', {
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  };
}

/** The count for `suffix` in a range answer (`SUFFIX:COUNT` lines); padding lines have a count of 0. */
export function suffixCount(body: string, suffix: string): number {
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 35 && line.slice(0, colon).toUpperCase() === suffix) return Number.parseInt(line.slice(colon + 1), 10) || 0;
  }
  return 0;
}
