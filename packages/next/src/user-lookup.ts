// The user of a verified token, from Tessera's GET {basePath}/me, remembered per token until it expires: a page's
// layout, page and components may all ask within one render.
import type { AccessClaims } from './access-claims.js';
import type { ResolvedOptions } from './options.js';

/** The user object of Tessera's GET /auth/me (custom fields ride along). */
export interface TesseraUser {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  [field: string]: unknown;
}

export type UserLookup = (token: string, claims: AccessClaims) => Promise<TesseraUser | null>;

const MAX_ENTRIES = 1000;

export function createUserLookup(options: ResolvedOptions): UserLookup {
  const cache = new Map<string, { user: Promise<TesseraUser | null>; exp: number }>();
  return (token, claims) => {
    const now = options.now();
    const hit = cache.get(claims.jti);
    if (hit && hit.exp * 1000 > now) return hit.user;
    if (cache.size >= MAX_ENTRIES)
      for (const [jti, entry] of cache) if (entry.exp * 1000 <= now || cache.size >= MAX_ENTRIES) cache.delete(jti);
    const user = fetchUser(options, token);
    cache.set(claims.jti, { user, exp: claims.exp });
    // A failure is not remembered: the next call asks again.
    void user.then((found) => found ?? cache.delete(claims.jti));
    return user;
  };
}

async function fetchUser(options: ResolvedOptions, token: string): Promise<TesseraUser | null> {
  try {
    const response = await options.upstream(
      new Request(options.upstreamUrl(`${options.basePath}/me`), {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      }),
    );
    if (!response.ok) return null;
    const user = (await response.json()) as Partial<TesseraUser> | null;
    return typeof user?.id === 'string' ? (user as TesseraUser) : null;
  } catch {
    return null;
  }
}
