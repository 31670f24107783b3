// createTesseraNext: the options resolved once, one verifier, one refresh and one user lookup shared by the route
// handler, the proxy helper and the session functions.
import { resolveOptions, type TesseraNextOptions } from './options.js';
import { createProxyHelper, type ProxyHelper, type ProxyOptions } from './proxy-helper.js';
import { createRefresh } from './refresh.js';
import { createRouteHandler, type RouteHandler } from './route-handler.js';
import { createSessionFunctions, type SessionFunctions } from './session.js';
import { createUserLookup } from './user-lookup.js';
import { createVerifier } from './verifier.js';

export interface TesseraNext extends SessionFunctions {
  /**
   * Tessera's auth routes on this app's origin.
   * @example
   * // app/auth/[...tessera]/route.ts
   * export const { GET, POST, PATCH, PUT, DELETE } = tessera.handlers;
   */
  handlers: Record<'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', RouteHandler>;
  /**
   * The proxy.ts / middleware.ts helper.
   * @example
   * // proxy.ts
   * export const proxy = tessera.proxy({ protect: ['/dashboard'], signInPath: '/login' });
   */
  proxy(options?: ProxyOptions): ProxyHelper;
}

/**
 * @example
 * // lib/tessera.ts
 * export const tessera = createTesseraNext({ upstream: process.env.TESSERA_URL! });
 */
export function createTesseraNext(options: TesseraNextOptions): TesseraNext {
  const resolved = resolveOptions(options);
  const verify = createVerifier(resolved);
  const refresh = createRefresh(resolved);
  const lookupUser = createUserLookup(resolved);
  const handler = createRouteHandler(resolved, verify, lookupUser, refresh);
  return {
    handlers: { GET: handler, POST: handler, PATCH: handler, PUT: handler, DELETE: handler },
    proxy: (proxyOptions) => createProxyHelper(resolved, verify, refresh, proxyOptions),
    ...createSessionFunctions(resolved, verify, lookupUser),
  };
}
