// What Tessera keeps in next-auth's encrypted JWT cookie, and the part of it the browser may see.
import type { TokenSet } from '../adapters/auth-adapter.js';
import { REFRESH_ERROR, type RefreshError, type RefreshFailureReason } from './refresh-failure.js';

/** The fields Tessera adds to next-auth's JWT. The cookie is encrypted (A256GCM); only the server reads it. */
export interface TesseraToken<TUser> {
  accessToken?: string;
  /** Epoch ms, on the Next.js server's clock. */
  accessTokenExpires?: number;
  /** When the access token was received, epoch ms (caps the refresh margin of short-lived tokens). */
  accessTokenIssuedAt?: number;
  /** Never leaves the server: `session()` does not copy it. */
  refreshToken?: string;
  user?: TUser;
  /** Set once the backend refused the refresh token; the tokens are gone then. */
  error?: RefreshError;
  /** Why the last refresh failed; `network` alone (no `error`) means the old tokens were kept and it will be retried. */
  errorReason?: RefreshFailureReason;
  [claim: string]: unknown;
}

/** What `useSession()`, `getSession()` and `getServerSession()` return. No refresh token, by construction. */
export interface TesseraSession<TUser> {
  /** The backend's user object (Tessera: id, email, name, email_verified, created_at, custom fields). */
  user: TUser;
  /** next-auth's own session expiry (ISO date), not the access token's. */
  expires: string;
  accessToken?: string;
  /** Epoch ms; schedule the next refetch from this. */
  accessTokenExpires?: number;
  /** When the access token was received, epoch ms. */
  accessTokenIssuedAt?: number;
  error?: RefreshError;
  errorReason?: RefreshFailureReason;
}

/** The token after a sign-in or a successful refresh: fresh tokens, no error. */
export function withTokens<TUser>(token: TesseraToken<TUser>, tokens: TokenSet<TUser>): TesseraToken<TUser> {
  const { error: _error, errorReason: _reason, ...rest } = token;
  const next: TesseraToken<TUser> = { ...rest, accessToken: tokens.accessToken, accessTokenExpires: tokens.expiresAt };
  if (tokens.issuedAt !== undefined) next.accessTokenIssuedAt = tokens.issuedAt;
  if (tokens.refreshToken) next.refreshToken = tokens.refreshToken;
  if (tokens.user) next.user = tokens.user;
  return next;
}

/** The token after the backend refused the refresh token: both tokens dropped, the reason kept. */
export function withRefusal<TUser>(token: TesseraToken<TUser>, reason: RefreshFailureReason): TesseraToken<TUser> {
  const { accessToken: _access, accessTokenExpires: _expires, accessTokenIssuedAt: _issued, refreshToken: _refresh, ...rest } = token;
  return { ...rest, error: REFRESH_ERROR, errorReason: reason };
}

/** The session the browser sees: an allowlist, so a field added to the token never leaks by accident. */
export function toSession<TUser>(session: { expires: string; user?: unknown }, token: TesseraToken<TUser>): TesseraSession<TUser> {
  const result: TesseraSession<TUser> = { user: (token.user ?? session.user ?? {}) as TUser, expires: session.expires };
  if (token.accessToken !== undefined) result.accessToken = token.accessToken;
  if (token.accessTokenExpires !== undefined) result.accessTokenExpires = token.accessTokenExpires;
  if (token.accessTokenIssuedAt !== undefined) result.accessTokenIssuedAt = token.accessTokenIssuedAt;
  if (token.error) result.error = token.error;
  if (token.errorReason) result.errorReason = token.errorReason;
  return result;
}
