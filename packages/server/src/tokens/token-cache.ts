// A bounded cache of already-verified access tokens, so hot routes skip the signature check.
// A hit requires the whole token string to equal the verified one; entries are found by the signature
// segment only, because hashing a 400-character key on every request costs more than the rest of the lookup.
// Expiry is still checked on every hit by the caller.

export interface TokenCache<T extends { exp: number }> {
  get(token: string): T | undefined;
  set(token: string, claims: T): void;
  clear(): void;
}

/** The signature segment: unique per token in practice, and the full token is still compared. */
const keyOf = (token: string) => token.slice(token.lastIndexOf('.') + 1);

export function createTokenCache<T extends { exp: number }>(maxEntries: number): TokenCache<T> {
  const entries = new Map<string, { token: string; claims: T }>();
  return {
    get(token) {
      const entry = entries.get(keyOf(token));
      return entry?.token === token ? entry.claims : undefined;
    },
    set(token, claims) {
      if (maxEntries <= 0) return;
      if (entries.size >= maxEntries) {
        // Map iterates in insertion order: drop the oldest entry (FIFO keeps `get` free of writes).
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(keyOf(token), { token, claims });
    },
    clear() {
      entries.clear();
    },
  };
}
