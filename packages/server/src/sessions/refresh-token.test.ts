import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { decideRefresh, hashVerifier, newRefreshToken, parseRefreshToken, successorOf, verifierMatches } from './refresh-token.js';

describe('refresh token format', () => {
  it('carries 384 random bits as 64 base64url characters', () => {
    const token = newRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(newRefreshToken()).not.toBe(token);
  });

  it('splits into a selector and a verifier that matches its stored hash only', () => {
    const parsed = parseRefreshToken(newRefreshToken())!;
    const stored = hashVerifier(parsed.verifier);
    expect(verifierMatches(stored, parsed.verifier)).toBe(true);
    expect(verifierMatches(stored, randomBytes(32))).toBe(false);
    expect(verifierMatches('short', parsed.verifier)).toBe(false);
  });

  it('rejects anything that is not a token', () => {
    for (const bad of ['', 'x'.repeat(63), '!'.repeat(64), 'a'.repeat(65), `${'a'.repeat(63)}=`])
      expect(parseRefreshToken(bad)).toBeUndefined();
  });

  it('derives the same successor for the same parent and secret, another for another secret', () => {
    const parent = newRefreshToken();
    const secret = randomBytes(32);
    expect(successorOf(parent, secret)).toBe(successorOf(parent, secret));
    expect(successorOf(parent, randomBytes(32))).not.toBe(successorOf(parent, secret));
    expect(parseRefreshToken(successorOf(parent, secret))).toBeDefined();
  });
});

describe('decideRefresh', () => {
  const session = { revoked_at: null, expires_at: 10_000, absolute_expires_at: 20_000 };
  const fresh = { expires_at: 10_000, rotated_at: null };

  it('rotates a live token', () => {
    expect(decideRefresh({ now: 1_000, graceMs: 10_000, token: fresh, session })).toEqual({ action: 'rotate' });
  });

  it('replays the successor inside the grace window and calls it reuse after', () => {
    const rotated = { expires_at: 10_000, rotated_at: 1_000 };
    expect(decideRefresh({ now: 11_000, graceMs: 10_000, token: rotated, session }).action).toBe('replay_successor');
    expect(decideRefresh({ now: 11_001, graceMs: 10_000, token: rotated, session })).toEqual({
      action: 'reject',
      code: 'refresh_token_reused',
    });
  });

  it('refuses expired tokens and sessions past their absolute lifetime', () => {
    expect(decideRefresh({ now: 10_000, graceMs: 0, token: fresh, session })).toEqual({ action: 'reject', code: 'token_expired' });
    expect(
      decideRefresh({
        now: 5_000,
        graceMs: 0,
        token: { expires_at: 30_000, rotated_at: null },
        session: { ...session, absolute_expires_at: 5_000 },
      }).action,
    ).toBe('reject');
  });

  it('refuses every token of a revoked session, even inside the grace window', () => {
    const revoked = { ...session, revoked_at: 500 };
    expect(decideRefresh({ now: 1_000, graceMs: 10_000, token: { expires_at: 10_000, rotated_at: 900 }, session: revoked })).toEqual({
      action: 'reject',
      code: 'session_revoked',
    });
  });
});
