// Next.js App Router: `app/auth/[...tessera]/route.ts` (plus `app/.well-known/jwks.json/route.ts` if you serve the JWKS there).
import type { Tessera } from '../tessera.js';

type RouteHandler = (request: Request) => Promise<Response>;

/**
 * @example
 * // app/auth/[...tessera]/route.ts
 * export const { GET, POST, PATCH, DELETE, OPTIONS } = toNextHandlers(tessera);
 * export const runtime = 'nodejs';
 */
export function toNextHandlers(tessera: Tessera): Record<'GET' | 'POST' | 'PATCH' | 'DELETE' | 'OPTIONS', RouteHandler> {
  // Next.js gives no socket address; the client IP comes from X-Forwarded-For when TRUST_PROXY is set.
  const handler: RouteHandler = (request) => tessera.fetch(request);
  return { GET: handler, POST: handler, PATCH: handler, DELETE: handler, OPTIONS: handler };
}
