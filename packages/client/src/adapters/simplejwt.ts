// @tessera/client/simplejwt: the djangorestframework-simplejwt adapter. Out of the box it speaks TokenObtainPairView /
// TokenRefreshView (`{access, refresh}` in JSON, expiry read from the access token's `exp`); its field names, expiry
// format, endpoints and refresh-token transport are options, so the cookie views people write around simplejwt (seed
// 001: `{access_token, access_token_expiry}` and the refresh token in an HttpOnly cookie) work without an adapter of
// their own. One adapter rather than a sibling: both backends are simplejwt underneath (same tokens, claims, `iat`
// quirk and DRF errors); what differs is data (names, a transport), and a second adapter would duplicate the parsing
// and the clock logic in a subpath whose size is budgeted. A subpath of its own (issue 15): Tessera apps never ship it.
import { AuthError } from '../errors.js';
import { decodeJwtPayload } from '../jwt.js';
import type { AuthAdapter, TokenSet } from './auth-adapter.js';
import { parseExpiry, type SimpleJwtExpiryFormat } from './parse-expiry.js';

/** The access token's claims minus the registered ones; `id` is the `user_id` claim. */
export interface SimpleJwtUser {
  id: string;
  [claim: string]: unknown;
}

/** simplejwt authenticates with Django's USERNAME_FIELD: `username` by default, `email` with a custom user model. */
export type SimpleJwtCredentials = { username: string; password: string } | { email: string; password: string };

export type { SimpleJwtExpiryFormat } from './parse-expiry.js';

/** Where a token response keeps its parts. */
export interface SimpleJwtFields {
  /** The access token. @default 'access' */
  access?: string;
  /** The refresh token, read (and posted to refresh and logout under this name) with `transport: 'body'` only. @default 'refresh' */
  refresh?: string;
  /** The access token's expiry, in `expiryFormat`. Without it the expiry is the access JWT's `exp`. @default undefined */
  expiry?: string;
}

export interface SimpleJwtAdapterOptions {
  /** The login view (TokenObtainPairView). @default '/api/token/' */
  tokenPath?: string;
  /** The refresh view (TokenRefreshView). @default '/api/token/refresh/' */
  refreshPath?: string;
  /**
   * The logout view: TokenBlacklistView with the body transport, the view that blacklists the cookie's token and
   * deletes the cookie with the cookie transport. Without it logout only forgets the tokens (with the cookie transport
   * the cookie then outlives the logout, and a reload signs back in). @default undefined
   */
  blacklistPath?: string;
  /** An endpoint answering the current user, used by `getUser()`. Without it the user comes from the token's claims. @default undefined */
  userPath?: string;
  /** simplejwt's USER_ID_CLAIM. @default 'user_id' */
  userIdClaim?: string;
  /**
   * `'body'`: the refresh token comes in JSON and is kept in memory (simplejwt's own views).
   * `'cookie'`: the backend keeps it in an HttpOnly cookie on its origin; refresh and logout post `{}` with the
   * cookie (credentials: 'include') and no token, and a new tab restores the session through the cookie.
   * @default 'body'
   */
  transport?: 'body' | 'cookie';
  /** Field names of the token responses. @default { access: 'access', refresh: 'refresh' } */
  fields?: SimpleJwtFields;
  /** The format of `fields.expiry`. @default 'iso' */
  expiryFormat?: SimpleJwtExpiryFormat;
}

const REGISTERED = ['token_type', 'exp', 'iat', 'jti', 'nbf'];

/**
 * With the body transport the refresh token is kept in memory (not shared with other tabs): out of reach of
 * persistent XSS, at the cost of the session ending with the last tab. The cookie transport keeps it out of scripts
 * entirely and survives reloads, when the backend sets the cookie itself.
 * @example createAuthClient({ baseUrl: 'https://api.example.com', adapter: simplejwt() })
 * @example simplejwt({ transport: 'cookie', tokenPath: '/api/login/', refreshPath: '/api/refresh/', blacklistPath: '/api/logout/',
 *   userPath: '/api/me/', fields: { access: 'access_token', expiry: 'access_token_expiry' } })
 */
export function simplejwt(options: SimpleJwtAdapterOptions = {}): AuthAdapter<SimpleJwtUser, SimpleJwtCredentials, never> {
  const {
    tokenPath = '/api/token/',
    refreshPath = '/api/token/refresh/',
    blacklistPath,
    userPath,
    userIdClaim = 'user_id',
    expiryFormat = 'iso',
  } = options;
  const { access: accessField = 'access', refresh: refreshField = 'refresh', expiry: expiryField } = options.fields ?? {};
  const cookie = options.transport === 'cookie';
  // The last token this adapter read and its expiry on the server's clock, to carry the clock offset to the next one.
  let last: [token: string, serverExpiry: number] | undefined;
  return {
    login: (credentials) => ({ path: tokenPath, body: { ...credentials } }),
    // `{}` rather than no body: a JSON POST needs a CORS preflight, so another site cannot make a browser send it with
    // the cookie (the same rule Tessera's server enforces).
    refresh: (token) => (cookie ? { path: refreshPath, body: {} } : token ? { path: refreshPath, body: { [refreshField]: token } } : null),
    logout: (token) => (blacklistPath && (cookie || token) ? { path: blacklistPath, body: cookie ? {} : { [refreshField]: token } } : null),
    ...(userPath ? { me: { path: userPath } } : {}),
    parseTokens(body, now, previous): TokenSet<SimpleJwtUser> {
      const b = (body ?? {}) as Record<string, unknown>;
      const access = b[accessField];
      const claims = typeof access === 'string' ? claimsOf(access) : undefined;
      const exp = claims?.exp;
      const serverExpiry = expiryField ? parseExpiry(b[expiryField], expiryFormat) : typeof exp === 'number' ? exp * 1000 : NaN;
      // An opaque access token is fine when the answer says when it expires; the user then comes from userPath.
      if (typeof access !== 'string' || !Number.isFinite(serverExpiry) || (!claims && !expiryField)) {
        throw new AuthError('invalid_response', 'Token response without an access token and its expiry');
      }
      const expiresAt = serverExpiry + clockOffset(claims?.iat, serverExpiry, now, previous);
      last = [access, serverExpiry];
      let user: SimpleJwtUser | null = null;
      if (claims) {
        user = { id: String(claims[userIdClaim]) };
        for (const [claim, value] of Object.entries(claims)) if (!REGISTERED.includes(claim)) user[claim] = value;
      }
      return {
        accessToken: access,
        expiresAt,
        issuedAt: now,
        // /api/me/ answers Django's integer pk while the claim-derived id is a string.
        user: previous?.user && (!user || (String(previous.user.id) === user.id && userPath)) ? previous.user : user,
        // ROTATE_REFRESH_TOKENS is optional: without it the refresh answer has no `refresh` and the old one stays valid.
        // With the cookie transport a token in the body is ignored: the point is that scripts never hold it.
        refreshToken: cookie ? undefined : typeof b[refreshField] === 'string' ? b[refreshField] : previous?.refreshToken,
      };
    },
    errorCode(body, status) {
      if ((body as { code?: unknown } | null)?.code === 'token_not_valid') return 'invalid_token';
      // "No active account found with the given credentials" comes as a bare 401 {detail}.
      return status === 401 ? 'invalid_credentials' : status === 400 ? 'validation_failed' : undefined;
    },
  };

  /**
   * Device clock minus server clock, in ms, so a device clock that is off does not break the timer. Only a login's
   * access token has a fresh `iat`: TokenRefreshView (and `RefreshToken(cookie).access_token` in cookie views) copies the
   * refresh token's `iat` into the access token it mints. So a refresh keeps the offset its previous token was read
   * with; a token from another tab falls back on that token's `exp`.
   */
  function clockOffset(iat: unknown, serverExpiry: number, now: number, previous: TokenSet<SimpleJwtUser> | null): number {
    if (previous) {
      const before = last?.[0] === previous.accessToken ? last[1] : Number(claimsOf(previous.accessToken)?.exp) * 1000;
      return Number.isFinite(before) ? previous.expiresAt - before : 0;
    }
    const measured = typeof iat === 'number' ? now - iat * 1000 : 0;
    // With the cookie transport a first answer may be a restore (a refresh) whose `iat` is days old, and that offset
    // would keep expired tokens in use: trust the device clock unless the token then looks expired on arrival, which
    // only a device running ahead of the server explains (and `now - iat` bounds how far ahead).
    return cookie && serverExpiry > now ? 0 : measured;
  }
}

function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwtPayload(token);
  } catch {
    return undefined; // the caller reports invalid_response
  }
}
