// A bounded cache of already-verified access tokens, so hot routes skip the signature check.
// Keyed by the whole token string: the signature is part of the key, so a hit can only be the very token
// that was verified. Expiry is still checked on every hit.

export interface TokenCache<T extends { exp: number }> {
  get(token: string): T | undefined;
  set(token: string, claims: T): void;
  clear(): void;
}

export function createTokenCache<T extends { exp: number }>(maxEntries: number): TokenCache<T> {
  const entries = new Map<string, T>();
  return {
    get(token) {
      return entries.get(token);
    },
    set(token, claims) {
      if (maxEntries <= 0) return;
      if (entries.size >= maxEntries) {
        // Map iterates in insertion order: drop the oldest entry (FIFO keeps `get` free of writes).
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(token, claims);
    },
    clear() {
      entries.clear();
    },
  };
}
