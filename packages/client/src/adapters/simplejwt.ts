// @tessera/client/simplejwt: the djangorestframework-simplejwt adapter, TokenObtainPairView / TokenRefreshView, expiry
// read from the access token's `exp`. A subpath of its own (issue 15): Tessera apps never ship it, and the core keeps
// its size budget for the MFA step.
import { AuthError } from '../errors.js';
import { decodeJwtPayload } from '../jwt.js';
import type { AuthAdapter, TokenSet } from './auth-adapter.js';

/** The access token's claims minus the registered ones; `id` is the `user_id` claim. */
export interface SimpleJwtUser {
  id: string;
  [claim: string]: unknown;
}

/** simplejwt authenticates with Django's USERNAME_FIELD: `username` by default, `email` with a custom user model. */
export type SimpleJwtCredentials = { username: string; password: string } | { email: string; password: string };

export interface SimpleJwtAdapterOptions {
  /** TokenObtainPairView. @default '/api/token/' */
  tokenPath?: string;
  /** TokenRefreshView. @default '/api/token/refresh/' */
  refreshPath?: string;
  /** TokenBlacklistView, told about the refresh token on logout. Without it logout only forgets the tokens. @default undefined */
  blacklistPath?: string;
  /** An endpoint answering the current user, used by `getUser()`. Without it the user comes from the token's claims. @default undefined */
  userPath?: string;
  /** simplejwt's USER_ID_CLAIM. @default 'user_id' */
  userIdClaim?: string;
}

const REGISTERED = ['token_type', 'exp', 'iat', 'jti', 'nbf'];

/**
 * The refresh token is kept in memory (and shared with this origin's other tabs): simplejwt returns it in JSON,
 * and keeping it out of localStorage keeps it out of reach of persistent XSS. The cost: closing every tab ends the session.
 * @example createAuthClient({ baseUrl: 'https://api.example.com', adapter: simplejwt() })
 */
export function simplejwt(options: SimpleJwtAdapterOptions = {}): AuthAdapter<SimpleJwtUser, SimpleJwtCredentials, never> {
  const { tokenPath = '/api/token/', refreshPath = '/api/token/refresh/', blacklistPath, userPath, userIdClaim = 'user_id' } = options;
  return {
    login: (credentials) => ({ path: tokenPath, body: { ...credentials } }),
    refresh: (token) => (token ? { path: refreshPath, body: { refresh: token } } : null),
    logout: (token) => (token && blacklistPath ? { path: blacklistPath, body: { refresh: token } } : null),
    ...(userPath ? { me: { path: userPath } } : {}),
    parseTokens(body, now, previous): TokenSet<SimpleJwtUser> {
      const { access, refresh } = (body ?? {}) as Record<string, unknown>;
      const claims = typeof access === 'string' ? claimsOf(access) : undefined;
      const { exp, iat } = claims ?? {};
      if (!claims || typeof access !== 'string' || typeof exp !== 'number') {
        throw new AuthError('invalid_response', 'Token response without a decodable access JWT');
      }
      const user: SimpleJwtUser = { id: String(claims[userIdClaim]) };
      for (const [claim, value] of Object.entries(claims)) if (!REGISTERED.includes(claim)) user[claim] = value;
      return {
        accessToken: access,
        expiresAt: onDeviceClock(exp, iat, now, previous),
        issuedAt: now,
        // /api/me/ answers Django's integer pk while the claim-derived id is a string.
        user: previous?.user && String(previous.user.id) === user.id && userPath ? previous.user : user,
        // ROTATE_REFRESH_TOKENS is optional: without it the refresh answer has no `refresh` and the old one stays valid.
        refreshToken: typeof refresh === 'string' ? refresh : previous?.refreshToken,
      };
    },
    errorCode(body, status) {
      if ((body as { code?: unknown } | null)?.code === 'token_not_valid') return 'invalid_token';
      // "No active account found with the given credentials" comes as a bare 401 {detail}.
      return status === 401 ? 'invalid_credentials' : status === 400 ? 'validation_failed' : undefined;
    },
  };
}

function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwtPayload(token);
  } catch {
    return undefined; // the caller reports invalid_response
  }
}

/**
 * `exp` (server clock, seconds) as epoch ms on this device's clock, so a device clock that is off does not break the timer.
 * Only a login's access token has a fresh `iat`: TokenRefreshView copies the refresh token's `iat` (its login or last
 * rotation) into the access token it mints, so after a refresh `exp - iat` overstates the lifetime by the refresh
 * token's age. A refresh therefore keeps the server-to-device offset the previous token was read with.
 */
function onDeviceClock(exp: number, iat: unknown, now: number, previous: TokenSet<SimpleJwtUser> | null): number {
  const previousExp = previous ? claimsOf(previous.accessToken)?.exp : undefined;
  if (previous && typeof previousExp === 'number') return exp * 1000 + (previous.expiresAt - previousExp * 1000);
  return typeof iat === 'number' ? now + (exp - iat) * 1000 : exp * 1000;
}
