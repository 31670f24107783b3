// createTessera: the embeddable server. Its handler is web-standard, so it mounts in Next.js route handlers,
// Hono, Express, Fastify or a plain Node server.
import type { MiddlewareHandler } from 'hono';
import { resolveConfig, type Env as ProcessEnv, type ResolvedConfig, type TesseraOptions } from './config/index.js';
import { startCore, type Core } from './core.js';
import type { DatabaseHandle } from './db/database.js';
import { databaseUnavailable, isDatabaseUnavailable } from './db/database-errors.js';
import { TesseraError } from './errors.js';
import { createApp } from './http/app.js';
import {
  assertSessionNotRevoked,
  assertStepUpIfAsked,
  authenticate,
  authorizationHeader,
  bearerToken,
  verifyAccessToken,
  type VerifyOptions,
} from './http/authenticate.js';
import type { RequestContext } from './http/context.js';
import { problemResponse } from './http/problem.js';
import type { AccessClaims } from './tokens/access-token.js';

export type { VerifyOptions };

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
  /**
   * Hono middleware for your own routes: sets `c.get('auth')` or answers 401 problem+json. Step-up (RFC 9470):
   * `maxAuthAge` (seconds) answers 401 `reauthentication_required` to an older sign-in, `requireAmr` answers 403
   * `mfa_required` to a token with none of those methods; both with a `WWW-Authenticate` hint.
   * @example app.post('/transfer', tessera.guard({ maxAuthAge: 300, requireAmr: ['mfa'] }), handler)
   */
  guard(options?: VerifyOptions): MiddlewareHandler<{ Variables: { auth: AccessClaims } }>;
  /** Opens the database, runs migrations and loads keys; requests wait for it on their own. */
  ready(): Promise<Core>;
  /** Waits for the requests in flight through `fetch` (at most `shutdownTimeout`), then closes the database. */
  close(): Promise<void>;
}

/**
 * @example
 * const tessera = createTessera({ corsAllowedOrigins: ['http://localhost:3000'] });
 * export const { GET, POST, PATCH, DELETE, OPTIONS } = toNextHandlers(tessera);
 */
export function createTessera(options: TesseraOptions = {}): Tessera {
  return createTesseraWith(options, {});
}

/**
 * What the tests and the CLI may hand in besides the options: a database opened already (shared by several
 * instances in one test), or the environment the defaults read (NODE_ENV). Not part of the package's exports.
 */
export interface TesseraInternals {
  database?: DatabaseHandle;
  env?: ProcessEnv;
}

export function createTesseraWith(options: TesseraOptions, internals: TesseraInternals): Tessera {
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
  const current = () => (core ? Promise.resolve(core) : ready());

  const app = createApp(config, current);
  const base = config.basePath;

  // close() must not destroy the database under a request still using it ("driver has already been destroyed").
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();
  const whenIdle = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      if (inFlight === 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      idleWaiters.add(done);
    });

  return {
    config,
    async fetch(request, context) {
      inFlight++;
      try {
        return await app.fetch(request, context ?? {});
      } catch (error) {
        config.logger.error('request failed', { error: error instanceof Error ? error.message : String(error) });
        return problemResponse(new TesseraError('internal_error', 'The server could not handle this request'));
      } finally {
        if (--inFlight === 0) for (const wake of idleWaiters) wake();
      }
    },
    handles: (pathname) =>
      pathname === '/.well-known/jwks.json' ||
      pathname === '/healthz' ||
      (base === '' ? true : pathname === base || pathname.startsWith(`${base}/`)),
    verifyAccessToken: async (token, options) => verifyAccessToken(await current(), token, options),
    authenticate: async (request, options) => authenticate(await current(), request, undefined, options),
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
          // A cached token's session is checked too: the revoked set is a Map lookup, no I/O.
          c.set(
            'auth',
            cached && /^bearer $/i.test(header!.slice(0, 7))
              ? assertStepUpIfAsked(core!, assertSessionNotRevoked(core!, cached), options)
              : await verifyAccessToken(await current(), bearerToken(c.req.raw, context), options),
          );
        } catch (error) {
          if (error instanceof TesseraError) return problemResponse(error);
          // checkSession reads the database: an outage is a 503 here too, not the embedding app's 500.
          if (isDatabaseUnavailable(error)) {
            core?.databaseOutage.failed(error);
            return problemResponse(databaseUnavailable(error));
          }
          throw error;
        }
        await next();
      };
    },
    ready,
    async close() {
      await whenIdle(config.shutdownTimeout * 1000);
      const started = starting ? await starting.catch(() => undefined) : undefined;
      starting = undefined;
      core = undefined;
      await started?.close();
    },
  };
}
