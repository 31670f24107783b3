// When the browser should ask for the session again: from the access token's expiry, so a reload or a remount does
// not restart the count (the seeds' constant refetchInterval did), and with a back-off when nothing changed.

/** setTimeout fires at once above 2^31-1 ms. */
const MAX_TIMEOUT = 2 ** 31 - 1;
/** Never sooner than this, even for a token already due: a due token is being refreshed by the first fetch anyway. */
export const MIN_DELAY = 1_000;
/** First wait after a refetch that brought no new token (clock skew, backend offline); doubles up to MAX_RETRY_DELAY. */
export const RETRY_DELAY = 5_000;
export const MAX_RETRY_DELAY = 60_000;

/**
 * Milliseconds until the session should be refetched: `margin` before the access token expires.
 * @example refetchDelay(expiresAt, Date.now(), 60_000)
 */
export function refetchDelay(accessTokenExpires: number, now: number, margin: number): number {
  return Math.min(Math.max(accessTokenExpires - margin - now, MIN_DELAY), MAX_TIMEOUT);
}

/** The wait before the `attempt`-th retry (1, 2, ...) after refetches that did not renew the token. */
export function retryDelay(attempt: number): number {
  return Math.min(RETRY_DELAY * 2 ** Math.max(attempt - 1, 0), MAX_RETRY_DELAY);
}
