// client.fetch: fetch with the access token for our own API, and one refresh-and-retry when the token is refused.
import type { AuthAdapter, TokenSet } from './adapters/auth-adapter.js';
import type { Fetch } from './fetch.js';
import { isReplayableBody } from './replayable-body.js';

export interface AuthFetchOptions {
  baseUrl: string;
  /** Origins besides baseUrl's that may receive the access token. */
  apiOrigins: string[];
  fetch: Fetch;
  adapter: Pick<AuthAdapter<unknown, never, never>, 'errorCode'>;
  /** A valid access token, or null when signed out. */
  getToken: () => Promise<string | null>;
  /** The session as it is now. */
  session: () => TokenSet<unknown> | null;
  /** Refreshes the session (shared with concurrent callers). */
  refresh: () => Promise<TokenSet<unknown> | null>;
}

/**
 * Returns a fetch that sends `Authorization: Bearer` to relative URLs, baseUrl's origin and `apiOrigins`, and after a
 * 401 `invalid_token`/`token_expired` refreshes and retries once. Paths starting with `/` resolve against baseUrl.
 */
export function createAuthFetch(options: AuthFetchOptions): Fetch {
  const { baseUrl, apiOrigins, fetch, adapter, getToken, session, refresh } = options;
  const origins = /^https?:\/\//i.test(baseUrl) ? [new URL(baseUrl).origin, ...apiOrigins] : apiOrigins;

  async function isTokenRejected(response: Response): Promise<boolean> {
    const code = adapter.errorCode(
      await response
        .clone()
        .json()
        .catch(() => {}),
      401,
    );
    // RFC 6750 §3.1: without a problem code, the challenge names the error.
    if (code === undefined) return /error="?invalid_token/.test(response.headers.get('www-authenticate') ?? '');
    return code === 'invalid_token' || code === 'token_expired';
  }

  return async (input, init = {}) => {
    const request = typeof Request === 'function' && input instanceof Request ? input : undefined;
    const target = typeof input === 'string' && /^\/(?!\/)/.test(input) ? baseUrl + input : input;
    // A string, a URL, or a Request (also where `Request` is not a global and `request` stays undefined).
    const href = typeof target === 'string' ? target : 'href' in target ? target.href : target.url;
    const headers = new Headers(init.headers ?? request?.headers);
    // Never hand the token to a third party: only relative URLs, baseUrl's origin and apiOrigins get it.
    const own = !/^([a-z][a-z\d+.-]*:)?\/\//i.test(href) || origins.some((o) => href === o || href.startsWith(`${o}/`));
    const token = own && !headers.has('authorization') ? await getToken() : null;
    const send = (bearer: string | null) => {
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      return fetch(target, { ...init, headers });
    };
    const response = await send(token);
    // A stream body is spent by the first attempt, so only replayable bodies get the retry.
    if (response.status !== 401 || !token || !isReplayableBody(init.body) || request?.body || !(await isTokenRejected(response))) {
      return response;
    }
    // Refresh once (unless a concurrent caller already did) and retry once; a second 401 is the caller's.
    const current = session();
    const next = current?.accessToken === token ? await refresh() : current;
    return next && next.accessToken !== token ? send(next.accessToken) : response;
  };
}
