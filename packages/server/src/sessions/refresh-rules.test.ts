import { describe, expect, it } from 'vitest';
import { decideRefresh, type ChainState } from './refresh-rules.js';

const live: ChainState = {
  generation: 5,
  rotated_at: 50_000,
  previous_rotated_at: 40_000,
  revoked_at: null,
  expires_at: 1_000_000,
  absolute_expires_at: 2_000_000,
};
const decide = (presented: number, now = 55_000, session: Partial<ChainState> = {}) =>
  decideRefresh({ now, graceMs: 10_000, presented, session: { ...live, ...session } });

describe('decideRefresh', () => {
  it('rotates the newest generation', () => {
    expect(decide(5)).toEqual({ action: 'rotate' });
  });

  it('answers the generation before it with the same successor, however late (a lost answer)', () => {
    expect(decide(4)).toEqual({ action: 'replay', generation: 5 });
    expect(decide(4, 900_000)).toEqual({ action: 'replay', generation: 5 });
  });

  it('replays a token two steps behind only inside the grace window of the step after it', () => {
    expect(decide(3, 50_000)).toEqual({ action: 'replay', generation: 4 });
    expect(decide(3, 50_001)).toEqual({ action: 'reject', code: 'refresh_token_reused' });
    expect(decide(3, 41_000, { previous_rotated_at: null })).toEqual({ action: 'reject', code: 'refresh_token_reused' });
  });

  it('calls anything older reuse', () => {
    expect(decide(2, 40_001)).toEqual({ action: 'reject', code: 'refresh_token_reused' });
    expect(decide(0)).toEqual({ action: 'reject', code: 'refresh_token_reused' });
  });

  it('refuses every generation of a revoked session, and of an expired one', () => {
    for (const presented of [5, 4, 0]) {
      expect(decide(presented, 55_000, { revoked_at: 1 })).toEqual({ action: 'reject', code: 'session_revoked' });
      expect(decide(presented, 1_000_000)).toEqual({ action: 'reject', code: 'token_expired' });
      expect(decide(presented, 900_000, { absolute_expires_at: 900_000 })).toEqual({ action: 'reject', code: 'token_expired' });
    }
  });

  it('refuses a generation the chain has not reached', () => {
    expect(decide(6)).toEqual({ action: 'reject', code: 'invalid_token' });
  });
});
