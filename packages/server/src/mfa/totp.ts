// TOTP (RFC 6238) as plain functions over values: a new secret, its otpauth:// URI, and which time step a code
// belongs to. Storage and replay refusal are in totp-store.ts; the parameters are the ones every authenticator app
// reads without asking: SHA-1, 6 digits, 30-second steps.
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;
const DIGITS = 6;
/** RFC 6238 §5.2: one step either side, for clocks a little off and codes typed near a step's end. */
const WINDOW = 1;

/** A new 160-bit secret (RFC 4226 §4 recommends 160), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, account = '', issuer = 'Tessera'): TOTP {
  return new TOTP({ issuer, label: account, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The `otpauth://totp/...` URI a QR code carries (Key Uri Format). */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/** The RFC 6238 time step (counter) at `nowMs`. */
export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / PERIOD);
}

/**
 * The time step `code` was made for, within one step of now, or null when it is not a current code. otpauth compares
 * in constant time. A code is accepted once: the caller records the step (totp-store.ts) and refuses it and older ones.
 */
export function matchingStep(secret: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: nowMs, window: WINDOW });
  return delta === null ? null : timeStep(nowMs) + delta;
}
