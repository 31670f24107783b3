// A short-lived memory of completed rotations: old refresh token (SHA-256) → the pair it was exchanged for.
// A backend without a grace window (simplejwt's blacklist) refuses an old refresh token the moment it is rotated;
// requests that still carry the old cookie (sent before the browser stored the new one) get the same result here.

/** What a replay cache needs; swap in your own (bounded, expiring) store. */
export interface ReplayCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Drops every entry whose value matches, e.g. the pair of a session that signed out. */
  forget(matches: (value: T) => boolean): void;
}

export interface ReplayCacheOptions {
  /** How long an entry is served, ms. @default 30_000 */
  ttl?: number;
  /** At most this many entries; the oldest goes first. @default 1_000 */
  maxEntries?: number;
  /** Epoch ms. @default () => Date.now() */
  now?: () => number;
}

/**
 * A Map in insertion order: expiry and eviction both drop from the front.
 * @example const cache = createReplayCache<TokenSet>({ ttl: 30_000 }); cache.set(await sha256(old), next);
 */
export function createReplayCache<T>(options: ReplayCacheOptions = {}): ReplayCache<T> {
  const { ttl = 30_000, maxEntries = 1_000, now = () => Date.now() } = options;
  const entries = new Map<string, { value: T; expires: number }>();
  const prune = (at: number) => {
    for (const [key, entry] of entries) {
      if (entry.expires > at && entries.size <= maxEntries) break;
      entries.delete(key);
    }
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires > now()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      const at = now();
      entries.delete(key);
      entries.set(key, { value, expires: at + ttl });
      prune(at);
    },
    forget(matches) {
      for (const [key, entry] of entries) if (matches(entry.value)) entries.delete(key);
    },
  };
}

/** Hex SHA-256 with Web Crypto, so it runs in Node, the Edge runtime and browsers alike. */
export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
