// Refusals (a throttled login) are recorded at most once per key and window: the limit that refuses them costs no
// database write per request, so a flood of refused guesses cannot become a flood of rows.
export interface RefusalSampler {
  /** True the first time `key` is seen in a window (then false until the window has passed). */
  take(key: string): boolean;
}

export function createRefusalSampler({
  now,
  windowMs = 60_000,
  maxKeys = 10_000,
}: {
  now: () => number;
  windowMs?: number;
  maxKeys?: number;
}): RefusalSampler {
  const seen = new Map<string, number>();
  return {
    take(key) {
      const at = now();
      const last = seen.get(key);
      if (last !== undefined && at - last < windowMs) return false;
      seen.delete(key);
      // Oldest first (insertion order): a full map forgets its oldest key, so memory stays bounded under any flood.
      if (seen.size >= maxKeys) seen.delete(seen.keys().next().value!);
      seen.set(key, at);
      return true;
    },
  };
}
