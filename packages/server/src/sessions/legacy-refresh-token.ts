// Refresh tokens of the first design, still honoured for sessions started before migration 0003: 384 random bits,
// a public selector (the row id) and a secret verifier stored only as a SHA-256 hash. New tokens: refresh-token.ts.
import { createHash, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 48;
const SELECTOR_BYTES = 16;

/** The length of a legacy token; tokens of the chain design are longer, so the two never meet. */
const LEGACY_TOKEN_LENGTH = 64;

export interface ParsedLegacyToken {
  /** Row id: safe to look up, worthless without the verifier. */
  selector: string;
  verifier: Buffer;
}

export function parseLegacyToken(token: string): ParsedLegacyToken | undefined {
  if (token.length !== LEGACY_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
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
