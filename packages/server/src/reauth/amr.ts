// How a session's user proved who they are: RFC 8176 "amr" values, stored with the session (sessions.amr) and carried
// by every access token of it, so an application route can ask for a second factor (guard's requireAmr) without I/O.
// A refresh keeps them; a reauthentication replaces them with the methods it used.

/**
 * `pwd` password, `otp` one-time code (TOTP or recovery code), `hwk`/`swk` a key in hardware/software (passkeys),
 * `user` user verification by the authenticator, `mfa` more than one factor, `fed` a federated provider, and `email`
 * (not in RFC 8176) a mailed link or code.
 */
export type AmrValue = 'pwd' | 'otp' | 'hwk' | 'swk' | 'user' | 'mfa' | 'fed' | 'email';

const KNOWN: ReadonlySet<string> = new Set<AmrValue>(['pwd', 'otp', 'hwk', 'swk', 'user', 'mfa', 'fed', 'email']);

/** The stored form: a JSON array, each value once, in a stable order. */
export function encodeAmr(values: readonly AmrValue[]): string {
  return JSON.stringify([...new Set(values)].sort());
}

/** Reads the stored form back; anything unexpected reads as no methods (never as more than was proven). */
export function decodeAmr(stored: string): AmrValue[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((value): value is AmrValue => typeof value === 'string' && KNOWN.has(value)) : [];
  } catch {
    return [];
  }
}

/** A first factor followed by a second one: both, plus `mfa` (RFC 8176 §2). */
export function combineAmr(first: readonly AmrValue[], second: readonly AmrValue[]): AmrValue[] {
  return [...new Set<AmrValue>([...first, ...second, 'mfa'])];
}
