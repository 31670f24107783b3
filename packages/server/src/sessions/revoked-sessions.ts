// The sessions revoked recently, in memory, so the guard refuses their access tokens without any I/O per request.
// An entry is needed only while an access token of its session can still be valid: tokens are issued up to the
// revocation and live `accessTokenTtl`, so it is dropped after that (plus a margin for clocks), which bounds the set
// by the revocations of one access-token lifetime.

/** Room for clocks of instances that disagree a little, and for a refresh that signed just after the revocation. */
export const CLOCK_MARGIN_MS = 60_000;
/** A sweep of expired entries walks the whole set: at most this often. */
const SWEEP_EVERY_MS = 10_000;

export interface Revocation {
  sessionId: string;
  /** Epoch milliseconds, by the clock of the instance that revoked. */
  revokedAt: number;
}

export interface RevokedSessions {
  /** The guard's check: a Map lookup. */
  has(sessionId: string): boolean;
  add(revocations: Iterable<Revocation>): void;
  readonly size: number;
}

/** How long an entry is kept: until every access token its session could have been given has expired. */
export function revocationLifetimeMs(accessTokenTtlSeconds: number): number {
  return accessTokenTtlSeconds * 1000 + CLOCK_MARGIN_MS;
}

/** True while an access token issued before the revocation may still be unexpired. */
export function isRevocationLive(revokedAt: number, now: number, lifetimeMs: number): boolean {
  return revokedAt + lifetimeMs > now;
}

/** A set that is never filled: instant revocation turned off (INSTANT_REVOCATION=false). */
export const noRevokedSessions: RevokedSessions = { has: () => false, add: () => undefined, size: 0 };

export function createRevokedSessions({ lifetimeMs, now }: { lifetimeMs: number; now: () => number }): RevokedSessions {
  const entries = new Map<string, number>();
  let sweptAt = now();
  const sweep = (at: number) => {
    sweptAt = at;
    for (const [id, expiresAt] of entries) if (expiresAt <= at) entries.delete(id);
  };
  return {
    has: (sessionId) => entries.has(sessionId),
    add(revocations) {
      const at = now();
      for (const { sessionId, revokedAt } of revocations) {
        if (!isRevocationLive(revokedAt, at, lifetimeMs)) continue;
        const expiresAt = revokedAt + lifetimeMs;
        if ((entries.get(sessionId) ?? 0) < expiresAt) entries.set(sessionId, expiresAt);
      }
      if (at - sweptAt >= SWEEP_EVERY_MS) sweep(at);
    },
    get size() {
      return entries.size;
    },
  };
}
