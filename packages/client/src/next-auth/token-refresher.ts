// The refresh rule for next-auth's JWT: when due, rotate once per refresh token in this process (and across processes
// with a shared replay store), remember the result for late callers, and turn failures into a typed reason instead of
// an exception.
import type { AuthAdapter, AuthRequest, TokenSet } from '../adapters/auth-adapter.js';
import { toAuthError } from '../errors.js';
import { effectiveMargin } from '../refresh-margin.js';
import { isRefusal, refreshFailureReason } from './refresh-failure.js';
import { sha256, type ReplayCache } from './replay-cache.js';
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
  /** Forgets cached rotations that produced this refresh token (its session signed out). */
  forget(refreshToken: string): void;
}

export function createTokenRefresher<TUser>(options: TokenRefresherOptions<TUser>): TokenRefresher<TUser> {
  const { adapter, call, cache, shared, margin, now } = options;
  const inFlight = new Map<string, Promise<TokenSet<TUser>>>();

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
    forget: (refreshToken) =>
      // The shared store logs its own failures and never rejects; sign-out does not wait on Redis.
      shared ? void shared.forget(refreshToken) : cache.forget((tokens) => tokens.refreshToken === refreshToken),
    async refresh(token, headers) {
      // A refused session stays refused: nothing to refresh with, and the browser is told to sign out.
      if (token.error || !token.refreshToken || !isDue(token)) return token;
      const previous: TokenSet<TUser> = {
        accessToken: token.accessToken ?? '',
        expiresAt: token.accessTokenExpires ?? 0,
        user: token.user ?? null,
        refreshToken: token.refreshToken,
      };
      try {
        return withTokens(token, await rotate(token.refreshToken, previous, headers));
      } catch (error) {
        const reason = refreshFailureReason(toAuthError(error));
        // Offline or a 5xx must not sign anyone out: keep the tokens, retry on the next request.
        return isRefusal(reason) ? withRefusal(token, reason) : { ...token, errorReason: reason };
      }
    },
  };
}
