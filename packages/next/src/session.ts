// auth(), getSession() and authFetch(): the signed-in user on the Next.js server, from the access cookie alone.
// Nothing here imports a database or node: modules, so it runs in Server Components, route handlers, server actions
// and proxy.ts on either runtime. The proxy helper has refreshed an expired token before these run (and written the
// new cookie onto the request), so they never refresh themselves.
import type { AccessClaims } from './access-claims.js';
import { TesseraNextError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { cookieOf, type SessionSource } from './session-source.js';
import type { TesseraUser, UserLookup } from './user-lookup.js';
import type { Verify } from './verifier.js';

/** What auth() returns for a signed-in request. */
export interface Auth {
  /** The verified access token, for calls to your API. */
  accessToken: string;
  claims: AccessClaims;
  userId: string;
}

/** What getSession() returns: auth() and the user (Tessera's GET /auth/me, once per token). */
export interface Session extends Auth {
  user: TesseraUser;
}

export interface SessionFunctions {
  /**
   * The verified claims of the request's access token, or null (none, expired, forged). No network once the JWKS is cached.
   * @example const session = await tessera.auth(); if (!session) redirect('/login');
   */
  auth(source?: SessionSource): Promise<Auth | null>;
  /**
   * auth() plus the user, or null.
   * @example export default async function Page() { const session = await tessera.getSession(); return <p>{session?.user.email}</p>; }
   */
  getSession(source?: SessionSource): Promise<Session | null>;
  /**
   * fetch with the user's access token as a Bearer credential (RFC 6750 §2.1); relative URLs resolve against `apiUrl`.
   * Throws TesseraNextError `not_signed_in` without a session.
   * @example const posts = await (await tessera.authFetch('/api/posts')).json();
   */
  authFetch(input: string | URL, init?: RequestInit, source?: SessionSource): Promise<Response>;
}

export function createSessionFunctions(options: ResolvedOptions, verify: Verify, lookupUser: UserLookup): SessionFunctions {
  const auth = async (source?: SessionSource): Promise<Auth | null> => {
    const accessToken = await cookieOf(source, options.accessCookie);
    const claims = accessToken ? await verify(accessToken) : null;
    return accessToken && claims ? { accessToken, claims, userId: claims.sub } : null;
  };
  return {
    auth,
    async getSession(source) {
      const found = await auth(source);
      const user = found && (await lookupUser(found.accessToken, found.claims));
      return found && user ? { ...found, user } : null;
    },
    async authFetch(input, init, source) {
      const found = await auth(source);
      if (!found) throw new TesseraNextError('not_signed_in', 'No signed-in user for this request');
      const url = typeof input === 'string' && !/^https?:/i.test(input) && options.apiUrl ? new URL(input, options.apiUrl) : input;
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${found.accessToken}`);
      return options.fetch(new Request(url, { ...init, headers }));
    },
  };
}
