import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashVerifier, parseLegacyToken, verifierMatches } from './legacy-refresh-token.js';

describe('legacy refresh tokens', () => {
  it('split into a selector and a verifier that matches its stored hash only', () => {
    const parsed = parseLegacyToken(randomBytes(48).toString('base64url'))!;
    const stored = hashVerifier(parsed.verifier);
    expect(verifierMatches(stored, parsed.verifier)).toBe(true);
    expect(verifierMatches(stored, randomBytes(32))).toBe(false);
    expect(verifierMatches('short', parsed.verifier)).toBe(false);
  });

  it('refuse anything that is not a legacy token', () => {
    for (const bad of ['', 'x'.repeat(63), '!'.repeat(64), 'a'.repeat(65), `${'a'.repeat(63)}=`, 'a'.repeat(70)])
      expect(parseLegacyToken(bad)).toBeUndefined();
  });
});
