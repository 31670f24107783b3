// What a presented refresh token gets, decided from its generation and the session's chain state alone (no I/O).
//
// - The newest generation rotates: its successor is issued.
// - The generation just before it: its successor was issued but has never been used (else the chain would be
//   further on), so the answer was lost or a concurrent request won the race. Not a theft signal: it gets the same
//   successor again, whatever the time, while the session lives (a lost answer never logs anyone out).
// - Older: its successor has been used. Reuse (RFC 9700 §4.14.2), which revokes the session, unless it is two steps
//   behind and the step after it was taken within the grace window (a slow concurrent request overtaken twice).
//
// The trade-off: a copy of the token one step behind the client's is answered like a lost answer. The legitimate
// client and such a copy then share one chain until one of them falls two steps behind, which is then reuse.

export interface ChainState {
  generation: number;
  rotated_at: number | null;
  previous_rotated_at: number | null;
  revoked_at: number | null;
  expires_at: number;
  absolute_expires_at: number;
}

export type RefreshDecision =
  | { action: 'rotate' }
  | { action: 'replay'; generation: number }
  | { action: 'reject'; code: 'invalid_token' | 'token_expired' | 'session_revoked' | 'refresh_token_reused' };

export function decideRefresh(input: { now: number; graceMs: number; presented: number; session: ChainState }): RefreshDecision {
  const { now, graceMs, presented, session } = input;
  if (session.revoked_at !== null) return { action: 'reject', code: 'session_revoked' };
  // Only the server makes tokens; a generation it has not reached cannot come from it.
  if (presented > session.generation) return { action: 'reject', code: 'invalid_token' };
  if (session.expires_at <= now || session.absolute_expires_at <= now) return { action: 'reject', code: 'token_expired' };
  if (presented === session.generation) return { action: 'rotate' };
  if (presented === session.generation - 1) return { action: 'replay', generation: session.generation };
  const overtaken = session.previous_rotated_at;
  if (presented === session.generation - 2 && overtaken !== null && now - overtaken <= graceMs) {
    return { action: 'replay', generation: presented + 1 };
  }
  return { action: 'reject', code: 'refresh_token_reused' };
}
