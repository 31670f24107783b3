// client.fetch: fetch with the access token for our own API, and one refresh-and-retry when the token is refused.
import type { AuthAdapter, TokenSet } from './adapters/auth-adapter.js';
import { AuthError } from './errors.js';
import type { Fetch } from './fetch.js';
import { isReplayableBody } from './replayable-body.js';

export interface AuthFetchOptions {
  baseUrl: string;
  /** Origins besides baseUrl's that may receive the access token (`https://files.example.com`). */
  apiOrigins: string[];
  fetch: Fetch;
  adapter: Pick<AuthAdapter<unknown, never, never>, 'errorCode'>;
  /** A valid access token, or null when signed out. */
  getToken: () => Promise<string | null>;
  /** The session as it is now. */
  session: () => TokenSet<unknown> | null;
  /** Refreshes the session (shared with concurrent callers). */
  refresh: () => Promise<TokenSet<unknown> | null>;
  /** Told when the server refused `token` with 401 `session_revoked`: no refresh can cure that one. */
  revoked: (token: string, error: AuthError) => void;
}

/** Where the browser resolves a relative URL: the document's base URL (a worker's location); none on servers. */
const pageUrl = (): string | undefined => {
  const page = globalThis as { document?: { baseURI: string }; location?: { href: string } };
  return page.document?.baseURI ?? page.location?.href;
};

/** `href` parsed as the WHATWG URL parser (the browser's) reads it against `base`; undefined when it cannot be. */
function resolve(href: string, base: string | undefined): URL | undefined {
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

/**
 * Returns a fetch that sends `Authorization: Bearer` only where the URL resolves (WHATWG URL, as the browser will
 * resolve it) to baseUrl's origin or one of `apiOrigins`, and after a 401 `invalid_token`/`token_expired` refreshes and
 * retries once. Paths starting with `/` resolve against baseUrl.
 */
export function createAuthFetch(options: AuthFetchOptions): Fetch {
  const { baseUrl, apiOrigins, fetch, adapter, getToken, session, refresh, revoked } = options;
  // baseUrl may be relative to the page ('' or '/api'); apiOrigins must be absolute: an entry that is not names no
  // origin and authorises nothing (fail closed).
  const origins = [resolve(baseUrl, pageUrl())?.origin, ...apiOrigins.map((origin) => resolve(origin, undefined)?.origin)];

  /** Why a 401 refused the token: the problem's code or, RFC 6750 §3.1, the challenge's error; undefined: neither. */
  async function refusal(response: Response): Promise<string | undefined> {
    const code = adapter.errorCode(
      await response
        .clone()
        .json()
        .catch(() => {}),
      401,
    );
    return code ?? (/error="?invalid_token/.test(response.headers.get('www-authenticate') ?? '') ? 'invalid_token' : undefined);
  }

  return async (input, init = {}) => {
    const request = typeof Request === 'function' && input instanceof Request ? input : undefined;
    const target = typeof input === 'string' && /^\/(?!\/)/.test(input) ? baseUrl + input : input;
    // A string, a URL, or a Request (also where `Request` is not a global and `request` stays undefined).
    const url = resolve(typeof target === 'string' ? target : 'href' in target ? target.href : target.url, pageUrl());
    const headers = new Headers(init.headers ?? request?.headers);
    // Never hand the token to a third party. Decided on the resolved origin, not on the string: "\\\\evil/x",
    // " //evil/x" or "http:evil/x" look relative but a browser sends them to evil.
    const own = !!url && origins.includes(url.origin);
    const token = own && !headers.has('authorization') ? await getToken() : null;
    // A string goes out as the URL that was checked, so no second parser can read it differently.
    const send = (bearer: string | null) => {
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      return fetch(typeof target === 'string' && url ? url.href : target, { ...init, headers });
    };
    const response = await send(token);
    if (response.status !== 401 || !token) return response;
    const code = await refusal(response);
    // A revoked session signs out at once, in every tab; the caller still gets its answer.
    if (code === 'session_revoked') revoked(token, new AuthError(code, code, 401));
    // A stream body is spent by the first attempt, so only replayable bodies get the retry.
    if ((code !== 'invalid_token' && code !== 'token_expired') || !isReplayableBody(init.body) || request?.body) return response;
    // Refresh once (unless a concurrent caller already did) and retry once; a second 401 is the caller's.
    const current = session();
    const next = current?.accessToken === token ? await refresh() : current;
    return next && next.accessToken !== token ? send(next.accessToken) : response;
  };
}
