// createTessera: the embeddable server. Its handler is web-standard, so it mounts in Next.js route handlers,
// Hono, Express, Fastify or a plain Node server.
import type { MiddlewareHandler } from 'hono';
import { resolveConfig, type ResolvedConfig, type TesseraOptions } from './config/index.js';
import { startCore, type Core } from './core.js';
import type { DatabaseHandle } from './db/database.js';
import { TesseraError } from './errors.js';
import { createApp, type RequestContext } from './http/app.js';
import { problemResponse } from './http/problem.js';
import type { AccessClaims } from './tokens/access-token.js';

export interface VerifyOptions {
  /**
   * Also check that the token's session is still alive (one indexed read), so a revoked session stops at once
   * instead of when its access token expires (OWASP ASVS 5.0 §7.4.1). @default false
   */
  checkSession?: boolean;
}

export interface Tessera {
  readonly config: ResolvedConfig;
  /** Web-standard handler for the auth routes, `/.well-known/jwks.json` and `/healthz`. */
  fetch(request: Request, context?: RequestContext): Promise<Response>;
  /** True when `pathname` is one of Tessera's routes (for frameworks that fall through to their own). */
  handles(pathname: string): boolean;
  /** Verifies an access token; throws TesseraError `invalid_token`, `token_expired` or `session_revoked`. */
  verifyAccessToken(token: string, options?: VerifyOptions): Promise<AccessClaims>;
  /** Reads `Authorization: Bearer` from a request and verifies it. */
  authenticate(request: Request, options?: VerifyOptions): Promise<AccessClaims>;
  /** Hono middleware for your own routes: sets `c.get('auth')` or answers 401 problem+json. */
  guard(options?: VerifyOptions): MiddlewareHandler<{ Variables: { auth: AccessClaims } }>;
  /** Opens the database, runs migrations and loads keys; requests wait for it on their own. */
  ready(): Promise<Core>;
  close(): Promise<void>;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * The Authorization header. On Node it is read off the IncomingMessage's raw headers: touching request.headers
 * makes @hono/node-server build a whole Headers object, and IncomingMessage.headers is built lazily too; on a
 * guarded route either costs more than the cached verification itself.
 */
function authorizationHeader(request: Request, context?: RequestContext): string | null {
  const raw = context?.incoming?.rawHeaders;
  if (!raw) return request.headers.get('authorization');
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 13 && name.toLowerCase() === 'authorization') return raw[i + 1] ?? null;
  }
  return null;
}

/**
 * @example
 * const tessera = createTessera({ corsAllowedOrigins: ['http://localhost:3000'] });
 * export const { GET, POST, PATCH, DELETE, OPTIONS } = toNextHandlers(tessera);
 */
export function createTessera(
  options: TesseraOptions = {},
  internals: { database?: DatabaseHandle; env?: Record<string, string | undefined> } = {},
): Tessera {
  const config = resolveConfig(options, internals.env);
  let starting: Promise<Core> | undefined;
  let core: Core | undefined;
  const ready = () =>
    (starting ??= startCore(config, internals.database).then(
      (started) => (core = started),
      (error: unknown) => {
        starting = undefined;
        throw error;
      },
    ));

  async function verifyAccessToken(token: string, { checkSession = false }: VerifyOptions = {}) {
    const { accessTokens, sessions } = core ?? (await ready());
    const claims = await accessTokens.verify(token);
    if (checkSession && !(await sessions.isActive(claims.sid)))
      throw new TesseraError('session_revoked', 'This session has been signed out');
    return claims;
  }

  /** RFC 6750 §2.1: `Bearer <token>`, scheme case-insensitive, one token in the b64token charset. */
  function bearerToken(request: Request, context?: RequestContext): string {
    const header = authorizationHeader(request, context);
    const match = header ? BEARER.exec(header.trim()) : null;
    if (!match) throw new TesseraError('invalid_token', 'Missing or malformed bearer token');
    return match[1]!;
  }

  async function authenticate(request: Request, options?: VerifyOptions) {
    return verifyAccessToken(bearerToken(request), options);
  }

  const app = createApp(
    config,
    () => (core ? Promise.resolve(core) : ready()),
    (request, checkSession) => authenticate(request, { checkSession }),
  );
  const base = config.basePath;

  return {
    config,
    async fetch(request, context) {
      try {
        return await app.fetch(request, context ?? {});
      } catch (error) {
        config.logger.error('request failed', { error: error instanceof Error ? error.message : String(error) });
        return problemResponse(new TesseraError('internal_error', 'The server could not handle this request'));
      }
    },
    handles: (pathname) =>
      pathname === '/.well-known/jwks.json' ||
      pathname === '/healthz' ||
      (base === '' ? true : pathname === base || pathname.startsWith(`${base}/`)),
    verifyAccessToken,
    authenticate,
    guard(options) {
      return async (c, next) => {
        try {
          // Hot path: a token verified before skips every await (measured: the promise hops alone cost
          // a tenth of a trivial route's throughput).
          const context = c.env as RequestContext | undefined;
          const header = authorizationHeader(c.req.raw, context);
          // A cache hit is an exact match with a token verified before, so the syntax check can wait for a miss.
          const cached =
            options?.checkSession || !core || !header || header.length < 8 ? undefined : core.accessTokens.cached(header.slice(7));
          c.set(
            'auth',
            cached && /^bearer $/i.test(header!.slice(0, 7)) ? cached : await verifyAccessToken(bearerToken(c.req.raw, context), options),
          );
        } catch (error) {
          if (error instanceof TesseraError) return problemResponse(error);
          throw error;
        }
        await next();
      };
    },
    ready,
    async close() {
      const started = starting ? await starting.catch(() => undefined) : undefined;
      starting = undefined;
      core = undefined;
      await started?.close();
    },
  };
}
