// Opaque refresh tokens (RFC 9700 §4.14): 384 random bits, split into a public selector and a secret verifier
// that is stored only as a SHA-256 hash. Successors are derived with an HMAC of the parent so a token presented
// twice inside the grace window gets the very same successor.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 48;
const SELECTOR_BYTES = 16;

export interface ParsedRefreshToken {
  /** Row id: safe to look up, worthless without the verifier. */
  selector: string;
  verifier: Buffer;
}

export function newRefreshToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The successor of `parent`: unpredictable without the server secret, identical every time it is derived. */
export function successorOf(parent: string, secret: Buffer): string {
  return createHmac('sha512', secret).update(parent).digest().subarray(0, TOKEN_BYTES).toString('base64url');
}

export function parseRefreshToken(token: string): ParsedRefreshToken | undefined {
  if (token.length !== 64 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== TOKEN_BYTES) return undefined;
  return { selector: raw.subarray(0, SELECTOR_BYTES).toString('base64url'), verifier: raw.subarray(SELECTOR_BYTES) };
}

export function hashVerifier(verifier: Buffer): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Constant-time comparison of a presented verifier with the stored hash. */
export function verifierMatches(storedHash: string, verifier: Buffer): boolean {
  const expected = Buffer.from(storedHash, 'base64url');
  const actual = createHash('sha256').update(verifier).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export type RefreshDecision =
  | { action: 'rotate' }
  | { action: 'replay_successor' }
  | { action: 'reject'; code: 'token_expired' | 'session_revoked' | 'refresh_token_reused' };

/**
 * What to do with a presented refresh token whose verifier matched: rotate it, hand out the successor again
 * (a concurrent request inside the grace window), or refuse it. A reuse after the window revokes the session.
 */
export function decideRefresh(input: {
  now: number;
  graceMs: number;
  token: { expires_at: number; rotated_at: number | null };
  session: { revoked_at: number | null; expires_at: number; absolute_expires_at: number };
}): RefreshDecision {
  const { now, graceMs, token, session } = input;
  if (session.revoked_at !== null) return { action: 'reject', code: 'session_revoked' };
  if (token.rotated_at !== null) {
    return now - token.rotated_at <= graceMs ? { action: 'replay_successor' } : { action: 'reject', code: 'refresh_token_reused' };
  }
  if (token.expires_at <= now || session.absolute_expires_at <= now) return { action: 'reject', code: 'token_expired' };
  return { action: 'rotate' };
}
