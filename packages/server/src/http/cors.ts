// CORS with credentials for an allowlist of origins (never a wildcard), per the Fetch standard's CORS protocol.
// Hono's own cors middleware writes to `c.res.headers` on every request, and on @hono/node-server that turns the
// light response into a full web Response: measured, about a tenth of a refresh's CPU. Headers set with
// `c.header()` cost nothing extra and apply to every response built through the context, errors included.
import type { MiddlewareHandler } from 'hono';

const ALLOW_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Authorization, X-Token-Transport';
const EXPOSE_HEADERS = 'Retry-After, WWW-Authenticate';
const PREFLIGHT_MAX_AGE = '600';

export function cors(allowedOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && allowedOrigins.includes(origin);
    // Answers depend on Origin, so shared caches must key on it.
    c.header('Vary', 'Origin', { append: true });

    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      if (allowed) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Credentials', 'true');
        c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
        c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
        c.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
      }
      // A refused preflight is a 204 without the allow headers: the browser then blocks the real request.
      return c.body(null, 204);
    }
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Credentials', 'true');
      c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    await next();
  };
}
