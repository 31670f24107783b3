// The in-memory set of revoked sessions: kept exactly as long as a token of the session can live, and no longer.
import { describe, expect, it } from 'vitest';
import { createClock } from '../test/clock.js';
import { CLOCK_MARGIN_MS, createRevokedSessions, isRevocationLive, noRevokedSessions, revocationLifetimeMs } from './revoked-sessions.js';

describe('revoked sessions', () => {
  const lifetimeMs = revocationLifetimeMs(900);

  it('keeps a revocation for the access-token lifetime plus the clock margin', () => {
    expect(lifetimeMs).toBe(900_000 + CLOCK_MARGIN_MS);
    expect(isRevocationLive(1_000, 1_000 + lifetimeMs - 1, lifetimeMs)).toBe(true);
    expect(isRevocationLive(1_000, 1_000 + lifetimeMs, lifetimeMs)).toBe(false);
  });

  it('refuses a revoked session and nothing else', () => {
    const clock = createClock();
    const revoked = createRevokedSessions({ lifetimeMs, now: clock.now });
    revoked.add([{ sessionId: 's1', revokedAt: clock.now() }]);
    expect(revoked.has('s1')).toBe(true);
    expect(revoked.has('s2')).toBe(false);
  });

  it('ignores revocations too old to matter (a load that overlaps the window edge)', () => {
    const clock = createClock();
    const revoked = createRevokedSessions({ lifetimeMs, now: clock.now });
    revoked.add([{ sessionId: 'old', revokedAt: clock.now() - lifetimeMs }]);
    expect(revoked.has('old')).toBe(false);
  });

  it('stays bounded: expired entries are swept as new ones arrive', () => {
    const clock = createClock();
    const revoked = createRevokedSessions({ lifetimeMs, now: clock.now });
    for (let i = 0; i < 1_000; i++) revoked.add([{ sessionId: `a${i}`, revokedAt: clock.now() }]);
    clock.advance(lifetimeMs);
    revoked.add([{ sessionId: 'b', revokedAt: clock.now() }]);
    expect(revoked.size).toBe(1);
    expect(revoked.has('a0')).toBe(false);
  });

  it('keeps the later of two revocations of one session (a log reloaded after a notification)', () => {
    const clock = createClock();
    const revoked = createRevokedSessions({ lifetimeMs, now: clock.now });
    revoked.add([{ sessionId: 's', revokedAt: clock.now() }]);
    revoked.add([{ sessionId: 's', revokedAt: clock.now() - 60_000 }]);
    clock.advance(lifetimeMs - 1);
    revoked.add([{ sessionId: 'sweep', revokedAt: clock.now() }]);
    expect(revoked.has('s')).toBe(true);
  });

  it('is empty for good when instant revocation is off', () => {
    noRevokedSessions.add([{ sessionId: 's', revokedAt: Date.now() }]);
    expect(noRevokedSessions.has('s')).toBe(false);
  });
});
