// The refresh rule for next-auth's JWT: when due, rotate once per refresh token in this process (and across processes
// with a shared replay store), remember the result for late callers, and turn failures into a typed reason instead of
// an exception.
import type { AuthAdapter, AuthRequest, TokenSet } from '../adapters/auth-adapter.js';
import { toAuthError } from '../errors.js';
import { effectiveMargin } from '../refresh-margin.js';
import { isRefusal, refreshFailureReason } from './refresh-failure.js';
import { createReplayCache, sha256, type ReplayCache } from './replay-cache.js';
import type { SharedReplay } from './shared-replay.js';
import { withRefusal, withTokens, type TesseraToken } from './session-token.js';

export interface TokenRefresherOptions<TUser> {
  adapter: Pick<AuthAdapter<TUser, never, never>, 'refresh' | 'parseTokens'>;
  /** Sends a request to the backend; resolves the JSON body, rejects with an AuthError. */
  call: (request: AuthRequest) => Promise<unknown>;
  cache: ReplayCache<TokenSet<TUser>>;
  /** Coordinates rotations between processes; replaces `cache` when set (one source of truth for sign-out). */
  shared?: SharedReplay<TokenSet<TUser>> | undefined;
  /** Refresh once less than this many ms are left. */
  margin: number;
  /** How long a signed-out refresh token is remembered as such, ms (the replay window). @default 30_000 */
  signedOutFor?: number;
  now: () => number;
}

export interface TokenRefresher<TUser> {
  /** True when the token should be refreshed now (less than `margin` left, or no expiry known). */
  isDue(token: TesseraToken<TUser>): boolean;
  /**
   * The token, refreshed when due. Never throws: failures land in `error`/`errorReason`. `headers` go with the
   * backend call (the browser's, see forwarded-headers.ts); concurrent callers share the first one's call.
   */
  refresh(token: TesseraToken<TUser>, headers?: Record<string, string>): Promise<TesseraToken<TUser>>;
  /** Exchanges a refresh token (single-flight, replay-cached). Rejects with an AuthError. */
  rotate(refreshToken: string, previous: TokenSet<TUser> | null, headers?: Record<string, string>): Promise<TokenSet<TUser>>;
  /**
   * Its session signed out: forgets the rotations that produced this refresh token or came from it, and for the
   * replay window refuses it (`revoked`), also to a rotation from it that was in flight. Never rejects.
   */
  forget(refreshToken: string): Promise<void>;
}

export function createTokenRefresher<TUser>(options: TokenRefresherOptions<TUser>): TokenRefresher<TUser> {
  const { adapter, call, cache, shared, margin, now } = options;
  const inFlight = new Map<string, Promise<TokenSet<TUser>>>();
  // Hashes of refresh tokens signed out in this process. A session request whose rotation was in flight at the
  // sign-out answers after it, and its cookie would put the revoked session's new tokens back in the browser.
  const signedOut = createReplayCache<true>({ ttl: options.signedOutFor ?? 30_000, maxEntries: 10_000, now });
  const wasSignedOut = async (key: string) => signedOut.get(key) === true || (shared ? await shared.signedOut(key) : false);

  async function rotate(
    refreshToken: string,
    previous: TokenSet<TUser> | null,
    headers?: Record<string, string>,
  ): Promise<TokenSet<TUser>> {
    const key = await sha256(refreshToken);
    // Checked and claimed without an await in between, so concurrent callers cannot both miss.
    const cached = shared ? undefined : cache.get(key);
    if (cached) return cached;
    let pending = inFlight.get(key);
    if (!pending) {
      const exchange = async () => {
        const request = adapter.refresh(refreshToken);
        if (!request) throw new Error('the adapter cannot refresh with a refresh token');
        const sent = headers ? { ...request, headers: { ...headers, ...request.headers } } : request;
        return adapter.parseTokens(await call(sent), now(), previous);
      };
      // In-process single flight first: one trip to the shared store per instance, however many requests wait.
      pending = (
        shared
          ? shared.rotate(key, exchange)
          : exchange().then((tokens) => {
              cache.set(key, tokens);
              return tokens;
            })
      ).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  const isDue = (token: TesseraToken<TUser>) =>
    typeof token.accessTokenExpires !== 'number' ||
    now() >= token.accessTokenExpires - effectiveMargin(margin, token.accessTokenIssuedAt, token.accessTokenExpires);

  return {
    isDue,
    rotate,
    async forget(refreshToken) {
      const key = await sha256(refreshToken);
      signedOut.set(key, true);
      // The shared store logs its own failures and never rejects.
      if (shared) return shared.forget(refreshToken);
      const rotatedFrom = cache.get(key);
      cache.forget((tokens) => tokens.refreshToken === refreshToken || tokens === rotatedFrom);
    },
    async refresh(token, headers) {
      // A refused session stays refused: nothing to refresh with, and the browser is told to sign out.
      if (token.error || !token.refreshToken || !isDue(token)) return token;
      const key = await sha256(token.refreshToken);
      if (await wasSignedOut(key)) return withRefusal(token, 'revoked');
      const previous: TokenSet<TUser> = {
        accessToken: token.accessToken ?? '',
        expiresAt: token.accessTokenExpires ?? 0,
        user: token.user ?? null,
        refreshToken: token.refreshToken,
      };
      try {
        const tokens = await rotate(token.refreshToken, previous, headers);
        // Signed out while the rotation was in flight: the backend has revoked the session these tokens belong to.
        return (await wasSignedOut(key)) ? withRefusal(token, 'revoked') : withTokens(token, tokens);
      } catch (error) {
        const reason = refreshFailureReason(toAuthError(error));
        // Offline or a 5xx must not sign anyone out: keep the tokens, retry on the next request.
        return isRefusal(reason) ? withRefusal(token, reason) : { ...token, errorReason: reason };
      }
    },
  };
}
