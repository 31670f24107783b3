// The session outside next-auth's own routes: read, refresh and sign out straight from the cookie, writing the rotated
// cookie back. next-auth v4 only persists a refreshed JWT from /api/auth/session; refreshed anywhere else (middleware,
// route handlers, Server Components) the new refresh token is dropped and the old one replayed later
// (nextauthjs/next-auth#7558, #9183, #11853).
import { decode, encode, type JWT } from 'next-auth/jwt';
import { accountRequest, accountRoutes, reauthBody, type ReauthProof } from '../account/account-requests.js';
import { AuthError, toAuthError } from '../errors.js';
import { forwardedHeaders } from './forwarded-headers.js';
import type { TesseraAuthContext } from './options.js';
import {
  clearSessionCookie,
  readSessionCookie,
  writeSessionCookie,
  type CookieOptions,
  type CookieReader,
  type SessionCookie,
} from './session-cookie.js';
import { toSession, withTokens, type TesseraSession, type TesseraToken } from './session-token.js';

/** Next's `cookies()` in route handlers and server actions, `NextRequest.cookies`, `NextResponse.cookies`. */
export interface CookieStore extends CookieReader {
  set(name: string, value: string, options?: Partial<CookieOptions>): unknown;
}

export interface DecodedSession<TUser> {
  token: TesseraToken<TUser> & JWT;
  /** The chunk names the cookie arrived in, to expire the ones a new value no longer uses. */
  names: string[];
}

export interface RefreshedCookies<TUser> {
  token: TesseraToken<TUser> & JWT;
  session: TesseraSession<TUser>;
  /** Cookies to set: the rotated session in chunks, expired leftovers. Empty when nothing changed. */
  cookies: SessionCookie[];
}

export interface CookieSession<TUser> {
  /** The decoded session cookie, or null (absent, tampered, another secret). */
  decode(cookies: CookieReader): Promise<DecodedSession<TUser> | null>;
  /** The session as `useSession()` would show it, without refreshing: safe in Server Components. */
  read(cookies: CookieReader): Promise<TesseraSession<TUser> | null>;
  /**
   * Refreshes when due and says which cookies to write. `headers`: the browser request's, so the backend sees the
   * browser (user agent, address) in its security events, as with the sign-in.
   */
  refreshCookies(cookies: CookieReader, headers?: Record<string, unknown>): Promise<RefreshedCookies<TUser> | null>;
  /**
   * Refreshes when due and writes the rotated cookie into `store`: route handlers and server actions.
   * @example await tesseraAuth.session.refresh(await cookies(), Object.fromEntries(await headers()))
   */
  refresh(store: CookieStore, headers?: Record<string, unknown>): Promise<TesseraSession<TUser> | null>;
  /**
   * "Confirm it's you" (`POST /auth/reauthenticate`): the password, a TOTP code or a passkey assertion (of
   * `passkeySignInOptions()`), checked by the backend with the session's access token; the answer's tokens (a fresh
   * `auth_time`) are written into the cookie in `store`, so the next API call carries them. A route handler or server
   * action; the page then calls `useSession().update()` so `useSession()`/`useAccessToken()` see the new token.
   * `headers`: the browser request's (`headers()`), so the backend's per-address limits see the browser.
   * Rejects with the backend's code: `invalid_credentials`, `invalid_code`, `rate_limited`, `invalid_token` (no
   * session: sign in again).
   * @example await tesseraAuth.session.reauthenticate(cookies(), { password }, Object.fromEntries(headers()))
   */
  reauthenticate(store: CookieStore, proof: ReauthProof, headers?: Record<string, unknown>): Promise<TesseraSession<TUser>>;
  /** Revokes the session at the backend and expires next-auth's cookie in `store`; `headers` as for `refresh`. */
  signOut(store: CookieStore, headers?: Record<string, unknown>): Promise<void>;
}

export function createCookieSession<TUser, TLogin>(context: TesseraAuthContext<TUser, TLogin>): CookieSession<TUser> {
  const { cookieName, secret, sessionMaxAge, secureCookie, refresher } = context;
  const key = (): string => {
    if (!secret) throw new Error('createTesseraAuth: set NEXTAUTH_SECRET (or pass `secret`), the same one next-auth uses');
    return secret;
  };
  const base = (): CookieOptions => ({ httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookie });
  const expiresOf = (token: JWT) => new Date(typeof token.exp === 'number' ? token.exp * 1000 : Date.now()).toISOString();

  async function decodeCookies(cookies: CookieReader): Promise<DecodedSession<TUser> | null> {
    const { value, names } = readSessionCookie(cookies, cookieName);
    if (!value) return null;
    const secretKey = key();
    try {
      const token = await decode({ token: value, secret: secretKey });
      return token ? { token, names } : null;
    } catch {
      return null;
    }
  }

  const sessionOf = (token: TesseraToken<TUser> & JWT, expires = expiresOf(token)) =>
    toSession({ expires, user: { name: token.name, email: token.email, image: token.picture } }, token);

  async function refreshCookies(cookies: CookieReader, headers?: Record<string, unknown>): Promise<RefreshedCookies<TUser> | null> {
    const decoded = await decodeCookies(cookies);
    if (!decoded) return null;
    const token = (await refresher.refresh(decoded.token, forwardedHeaders(context, headers))) as TesseraToken<TUser> & JWT;
    const changed = token.refreshToken !== decoded.token.refreshToken || token.error !== decoded.token.error;
    if (!changed) return { token, session: sessionOf(token), cookies: [] };
    return rewrite(decoded, token);
  }

  /** The cookies that replace the session with `token`. */
  async function rewrite(decoded: DecodedSession<TUser>, token: TesseraToken<TUser> & JWT): Promise<RefreshedCookies<TUser>> {
    const value = await encode({ token, secret: key(), maxAge: sessionMaxAge });
    const options = { ...base(), expires: new Date(Date.now() + sessionMaxAge * 1000) };
    return {
      token,
      session: sessionOf(token, options.expires.toISOString()),
      cookies: writeSessionCookie(cookieName, value, decoded.names, options),
    };
  }

  return {
    decode: decodeCookies,
    async read(cookies) {
      const decoded = await decodeCookies(cookies);
      return decoded && sessionOf(decoded.token);
    },
    refreshCookies,
    async refresh(store, headers) {
      const result = await refreshCookies(store, headers);
      if (!result) return null;
      for (const cookie of result.cookies) store.set(cookie.name, cookie.value, cookie.options);
      return result.session;
    },
    async reauthenticate(store, proof, headers) {
      // A token due for a refresh is refreshed first: the reauthentication needs a live access token.
      const current = await refreshCookies(store, headers);
      for (const cookie of current?.cookies ?? []) store.set(cookie.name, cookie.value, cookie.options);
      const decoded = await decodeCookies(store);
      const accessToken = current?.token.accessToken;
      if (!decoded || !current || !accessToken) throw new AuthError('invalid_token', 'No session to reauthenticate: sign in again');
      const request = accountRequest(accountRoutes(context.adapter), '/reauthenticate', { ...reauthBody(proof) }, true);
      const body = await context
        .call({
          ...request,
          headers: { ...forwardedHeaders(context, headers), ...request.headers, authorization: `Bearer ${accessToken}` },
        })
        .catch((error: unknown) => {
          throw toAuthError(error);
        });
      const tokens = context.adapter.parseTokens(body, context.now(), null);
      // A refresh token in the answer (the backend rotated it) replaces ours; without one ours stays.
      const result = await rewrite(decoded, withTokens(current.token, tokens));
      for (const cookie of result.cookies) store.set(cookie.name, cookie.value, cookie.options);
      return result.session;
    },
    async signOut(store, headers) {
      const decoded = await decodeCookies(store);
      const { names } = readSessionCookie(store, cookieName);
      if (decoded?.token.refreshToken) await revoke(context, decoded.token.refreshToken, headers);
      for (const cookie of clearSessionCookie(names, base())) store.set(cookie.name, cookie.value, cookie.options);
    },
  };
}

/**
 * Tells the backend the session is over; a failure is logged, never thrown: the user signs out here either way.
 * `incoming`: the browser request's headers, when there is one, for the backend's sign-out event.
 */
export async function revoke<TUser, TLogin>(
  context: TesseraAuthContext<TUser, TLogin>,
  refreshToken: string,
  incoming?: Record<string, unknown>,
): Promise<void> {
  await context.refresher.forget(refreshToken);
  const request = context.adapter.logout(refreshToken);
  if (!request) return;
  try {
    await context.call({ ...request, headers: { ...forwardedHeaders(context, incoming), ...request.headers } });
  } catch (error) {
    context.logger.error('[tessera] logout was not confirmed by the backend; the refresh token may still be valid', error);
  }
}
