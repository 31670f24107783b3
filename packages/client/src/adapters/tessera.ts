// The Tessera server protocol (docs/api.md): token responses with `expires_at`, the refresh token in an HttpOnly cookie.
import { AuthError, type AuthErrorCode } from '../errors.js';
import type { MfaChallenge } from '../mfa-challenge.js';
import type { AuthAdapter, AuthRequest, TokenSet } from './auth-adapter.js';

/** The user object of Tessera's token responses and `GET /auth/me`; custom fields ride along. */
export interface TesseraUser {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  created_at: string;
  /** Linked social sign-in provider ids, sorted; sent by GET and PATCH /me and POST /auth/social/{provider}/link. */
  providers?: string[];
  /** Whether a sign-in from a new device is mailed to the user (PATCH /me to opt out); sent by GET and PATCH /me. */
  notify_new_sign_in?: boolean;
  [field: string]: unknown;
}

export interface TesseraCredentials {
  email: string;
  password: string;
}

export interface TesseraRegistration extends TesseraCredentials {
  name?: string;
  [field: string]: unknown;
}

export interface TesseraAdapterOptions {
  /** Where the Tessera routes are mounted under `baseUrl`. @default '/auth' */
  basePath?: string;
  /**
   * `'cookie'`: the refresh token stays in the server's HttpOnly cookie, out of reach of scripts (browsers).
   * `'body'`: it comes back in JSON and is kept in memory (server-side callers, scripts, tests).
   * @default 'cookie'
   */
  transport?: 'cookie' | 'body';
  /**
   * The server's session hint cookie (`JWT_COOKIE_HINT_NAME`), set and cleared with the refresh cookie. With the
   * cookie transport, a page on the API's host that lacks it starts signed out without asking the server (no failing
   * request on signed-out page loads). `false` always asks: for a server that sets no hint, or a cookie the page
   * cannot see. @default 'tessera_session'
   */
  sessionHint?: string | false;
}

/**
 * The default adapter.
 * @example createAuthClient({ baseUrl: 'https://api.example.com', adapter: tessera({ basePath: '/auth' }) })
 */
export function tessera(options: TesseraAdapterOptions = {}): AuthAdapter<TesseraUser, TesseraCredentials, TesseraRegistration> {
  const base = options.basePath ?? '/auth';
  const inBody = options.transport === 'body';
  const transport = inBody ? { 'x-token-transport': 'body' } : undefined;
  // The server's CSRF rule: cookie-authenticated POSTs must be JSON, so even an empty one carries `{}`.
  const withToken = (path: string, token: string | undefined): AuthRequest | null =>
    inBody ? (token ? { path: base + path, body: { refresh_token: token } } : null) : { path: base + path, body: {} };

  const hint = options.sessionHint ?? 'tessera_session';
  return {
    sessionHint: inBody || !hint ? undefined : hint,
    login: (credentials) => ({ path: `${base}/login`, body: { ...credentials }, headers: transport }),
    register: (input) => ({ path: `${base}/register`, body: { ...input }, headers: transport }),
    refresh: (token) => withToken('/refresh', token),
    logout: (token) => withToken('/logout', token),
    logoutAll: { path: `${base}/logout-all`, method: 'POST' },
    me: { path: `${base}/me` },
    // 200 `{mfa_required: true, mfa_token, methods, webauthn_options?}`: the password was right, a factor is due.
    challenge: (body) => {
      const b = body as Record<string, unknown> | null;
      return b?.mfa_required === true && typeof b.mfa_token === 'string'
        ? ({ mfaRequired: true, mfaToken: b.mfa_token, methods: b.methods, webauthnOptions: b.webauthn_options } as MfaChallenge)
        : undefined;
    },
    verifyMfa: ({ mfaToken, ...proof }) => ({ path: `${base}/mfa/verify`, body: { mfa_token: mfaToken, ...proof }, headers: transport }),
    parseTokens(body, now, previous): TokenSet<TesseraUser> {
      const b = (body ?? {}) as Record<string, unknown>;
      const { access_token, expires_in, expires_at, user, refresh_token } = b;
      if (typeof access_token !== 'string' || typeof expires_at !== 'number') {
        throw new AuthError('invalid_response', 'Token response without access_token/expires_at');
      }
      return {
        accessToken: access_token,
        // expires_in is measured on the server at issue time, so it is immune to a skewed device clock.
        expiresAt: typeof expires_in === 'number' ? now + expires_in * 1000 : expires_at,
        issuedAt: now,
        user: (user as TesseraUser | undefined) ?? previous?.user ?? null,
        refreshToken: typeof refresh_token === 'string' ? refresh_token : previous?.refreshToken,
      };
    },
    errorCode: (body) => {
      const code = (body as { code?: unknown } | null)?.code;
      return typeof code === 'string' ? (code as AuthErrorCode) : undefined;
    },
  };
}
