// A route is declared once: Hono registers its handler from the declaration, and the OpenAPI document reads the same
// declaration (summary, auth, body schema, responses, error codes), so the two cannot drift apart.
import type { Context, Handler, Hono } from 'hono';
import type { z } from 'zod';
import type { ErrorCode, RouteError } from '../errors.js';
import { assertEnrolmentComplete } from '../mfa/enrollment-gate.js';
import { authenticate, authorizationHeader } from './authenticate.js';
import type { Env } from './context.js';
import { assertSameSiteRequest } from './csrf.js';
import { isJsonContentType, readJson, validationFailed } from './json-body.js';
import { readCookie } from './refresh-cookie.js';

/**
 * - `bearer`: an access token in `Authorization: Bearer`, verified with its session checked, as `c.get('claims')`.
 * - `refresh`: the refresh token, from the HttpOnly cookie (same-site JSON requests only) or the JSON body.
 * - `bearer-optional`: verified like `bearer` when an Authorization header is sent (a bad one is refused, never
 *   ignored), else anonymous; `c.get('claims')` is then undefined, and the body may be absent.
 */
export type RouteAuth = 'none' | 'bearer' | 'refresh' | 'bearer-optional';

type Body<B> = B extends z.ZodType ? z.output<B> : undefined;
type Query<Q> = Q extends z.ZodObject ? z.output<Q> : undefined;

export interface RouteSpec<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodObject | undefined = z.ZodObject | undefined,
> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono syntax, relative to the feature's mount point: `/sessions/:id`. */
  path: string;
  /** Stable and unique: generated clients name their methods after it. */
  operationId: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  /** The JSON body, parsed and validated before the handler runs (absent bodies are allowed on `refresh` routes). */
  body?: B;
  /**
   * The route serves a user who must still set up a second factor (MFA_REQUIRED=required or the user's flag, see
   * mfa/enrollment-gate.ts); other bearer routes answer them 403 `mfa_required`. @default false
   */
  beforeEnrolment?: boolean;
  /** The query string's parameters (each a string, or absent), validated before the handler runs and documented. */
  query?: Q;
  /** The route answers with tokens and honours `X-Token-Transport`. */
  tokenTransport?: boolean;
  ok: { status: 200 | 201 | 202 | 204; schema?: z.ZodType; description: string };
  /** The errors of this route besides those its auth and body imply (those are listed for it). */
  errors: readonly RouteError[];
  handler: (c: Context<Env>, body: Body<B>, query: Query<Q>) => Response | Promise<Response>;
}

/** A feature's routes and where they are mounted: under the auth base path, or at the root (`/.well-known/...`). */
export interface RouteGroup {
  /** OpenAPI tag. */
  name: string;
  /** The tag's description in the OpenAPI document. */
  description: string;
  mount: 'auth' | 'root';
  /** Prefix inside the mount point, e.g. `/social`. @default '' */
  prefix?: string;
  routes: readonly RouteSpec[];
}

/** Declares a route; the body and query schemas type the handler's `body` and `query` arguments. */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined>(
  spec: RouteSpec<B, Q>,
): RouteSpec {
  return spec;
}

/** Errors every route of a kind can answer with, whatever its handler does. */
export function impliedErrors(spec: RouteSpec): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (spec.auth === 'bearer' || spec.auth === 'bearer-optional') codes.push('invalid_token', 'token_expired', 'session_revoked');
  if ((spec.auth === 'bearer' || spec.auth === 'bearer-optional') && !spec.beforeEnrolment) codes.push('mfa_required');
  if (spec.auth === 'refresh') codes.push('csrf_rejected');
  if (spec.body) codes.push('validation_failed', 'unsupported_media_type', 'payload_too_large');
  else if (spec.query) codes.push('validation_failed');
  codes.push('service_unavailable');
  return codes;
}

/** Full path of a route in Hono syntax. */
export function routePath(basePath: string, group: RouteGroup, spec: RouteSpec): string {
  return (group.mount === 'auth' ? basePath : '') + (group.prefix ?? '') + spec.path || '/';
}

export function mountRoutes(app: Hono<Env>, basePath: string, groups: readonly RouteGroup[]): void {
  for (const group of groups) {
    for (const spec of group.routes) app.on(spec.method.toUpperCase(), routePath(basePath, group, spec), toHandler(spec));
  }
}

function toHandler(spec: RouteSpec): Handler<Env> {
  const { auth, body, query, handler, beforeEnrolment = false } = spec;
  return async (c) => {
    if (auth === 'bearer' || (auth === 'bearer-optional' && authorizationHeader(c.req.raw, c.env) !== null)) {
      const claims = await authenticate(c.get('core'), c.req.raw, c.env, { checkSession: true });
      if (!beforeEnrolment) await assertEnrolmentComplete(c.get('core'), claims);
      c.set('claims', claims);
    }
    if (auth === 'refresh') refuseCookieFormPost(c);
    const parsedQuery = query ? readQuery(c, query) : undefined;
    return handler(
      c,
      body ? await readJson(c, body, { optional: auth === 'refresh' || auth === 'bearer-optional' }) : undefined,
      parsedQuery,
    );
  };
}

/** The query string validated: each parameter once, as a string (a repeated one keeps its first value). */
function readQuery(c: Context<Env>, schema: z.ZodObject): Record<string, unknown> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw validationFailed(result.error.issues);
  return result.data;
}

/** A form post carrying the refresh cookie is a cross-site attempt before it is a malformed body. */
function refuseCookieFormPost(c: Context<Env>): void {
  const { config } = c.get('core');
  if (!isJsonContentType(c.req.header('content-type')) && readCookie(c.req.header('cookie'), config.cookie.name)) {
    assertSameSiteRequest(c.req.raw, config.corsAllowedOrigins);
  }
}

/** A path parameter of the matched route (declared in its path, so always present). */
export function pathParam(c: Context<Env>, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}
