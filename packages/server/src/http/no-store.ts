// Cache-Control: no-store on every answer of the auth routes: tokens, the user object and the session list are
// per-user secrets that no browser or shared cache may keep (RFC 6749 §5.1, RFC 9111 §5.2.2.5, OWASP ASVS 5.0 14.3.2).
import type { MiddlewareHandler } from 'hono';

/** Adds `Cache-Control: no-store` and `Pragma: no-cache` (HTTP/1.0 caches) where a route did not choose its own caching. */
export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // A route that sets its own policy (the JWKS when the base path is the root) keeps it: it is public data.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
    if (c.res.headers.get('Cache-Control') === 'no-store') c.res.headers.set('Pragma', 'no-cache');
  };
}
