// HTTP wiring only: routes parse input, call the stores, shape output; errors become problem+json.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { assertSameSiteRequest } from './csrf.js';
import type { SessionRow } from '../sessions/session-store.js';
import type { AccessClaims } from '../tokens/access-token.js';
import type { UserRow } from '../users/user-store.js';
import { isJsonContentType, readJson } from './json-body.js';
import { bodyLimit } from './body-limit.js';
import { buildOpenApi } from './openapi.js';
import { problem } from './problem.js';
import { cors } from './cors.js';
import { clearedRefreshCookie, readCookie, refreshCookie } from './refresh-cookie.js';
import { createSchemas } from './schemas.js';
import { createSocialRoutes } from '../social/social-routes.js';
import type { ResolvedConfig } from '../config/index.js';

/** What the handler may be given besides the Request: the client address, which a web Request does not carry. */
export interface RequestContext {
  clientIp?: string;
  /** Set by @hono/node-server. */
  incoming?: { socket?: { remoteAddress?: string }; rawHeaders?: string[]; rawBody?: unknown };
}

export type Env = { Bindings: RequestContext; Variables: { core: Core; claims: AccessClaims } };

type Transport = 'cookie' | 'body';

export function createApp(
  config: ResolvedConfig,
  getCore: () => Promise<Core>,
  authenticate: (request: Request, checkSession: boolean) => Promise<AccessClaims>,
) {
  const schemas = createSchemas(config);
  const customFields = Object.keys(config.userFields);
  const app = new Hono<Env>();

  app.onError((error, c) => {
    if (error instanceof TesseraError) return problem(c, error);
    config.logger.error('unhandled error', { path: c.req.path, error: error instanceof Error ? error.message : String(error) });
    return problem(c, new TesseraError('internal_error', 'The server could not handle this request'));
  });
  app.notFound((c) => problem(c, new TesseraError('not_found', 'No such endpoint')));

  app.use('*', cors(config.corsAllowedOrigins));
  app.use('*', bodyLimit(config.maxBodyBytes));
  app.use('*', async (c, next) => {
    let core: Core;
    try {
      core = await getCore();
    } catch (error) {
      // Start-up failed (database unreachable, say); the next request tries again.
      config.logger.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
      throw new TesseraError('service_unavailable', 'The server is starting or cannot reach its database', {
        headers: { 'Retry-After': '5' },
      });
    }
    c.set('core', core);
    await next();
  });

  const bearer: MiddlewareHandler<Env> = async (c, next) => {
    c.set('claims', await authenticate(c.req.raw, true));
    await next();
  };

  const clientIp = (c: Context<Env>): string => {
    if (config.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded.slice(0, 64);
    }
    return c.env?.clientIp ?? c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };

  const pickCustom = (body: Record<string, unknown>) => {
    const custom: Record<string, unknown> = {};
    for (const field of customFields) if (body[field] !== undefined) custom[field] = body[field];
    return custom;
  };

  /** RFC 6749 §5.1 token response; the refresh token goes in the cookie or, for server-side clients, the body. */
  async function tokenResponse(
    c: Context<Env>,
    user: UserRow,
    session: SessionRow,
    refresh: { token: string; expiresAt: number },
    transport: Transport,
    status: 200 | 201,
  ) {
    const core = c.get('core');
    const publicUser = core.users.toPublic(user);
    const extra = config.claims ? await config.claims({ ...publicUser, is_superuser: user.is_superuser === 1 }) : undefined;
    const access = await core.accessTokens.sign({ userId: user.id, sessionId: session.id, ...(extra ? { extra } : {}) });
    const body: Record<string, unknown> = {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: config.accessTokenTtl,
      expires_at: access.expiresAt,
      user: publicUser,
    };
    // RFC 6749 §5.1: token responses must not be cached.
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    if (transport === 'body') {
      body.refresh_token = refresh.token;
      body.refresh_expires_at = refresh.expiresAt;
    } else {
      c.header('Set-Cookie', refreshCookie(config, refresh.token, refresh.expiresAt, config.now()));
    }
    return c.json(body, status);
  }

  const requestedTransport = (c: Context<Env>): Transport =>
    c.req.header('x-token-transport')?.toLowerCase() === 'body' ? 'body' : 'cookie';
  const clientInfo = (c: Context<Env>) => ({ userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) });

  /** The refresh token of /refresh and /logout: from the body (answered in the body) or the cookie (answered in a cookie). */
  async function presentedRefreshToken(c: Context<Env>): Promise<{ token: string | undefined; transport: Transport }> {
    const cookie = readCookie(c.req.header('cookie'), config.cookie.name);
    // A form post carrying the cookie is a cross-site attempt before it is a malformed body.
    if (cookie && !isJsonContentType(c.req.header('content-type'))) assertSameSiteRequest(c.req.raw, config.corsAllowedOrigins);
    const body = await readJson(c, schemas.refresh, { optional: true });
    if (body.refresh_token) return { token: body.refresh_token, transport: 'body' };
    if (cookie) assertSameSiteRequest(c.req.raw, config.corsAllowedOrigins);
    return { token: cookie, transport: 'cookie' };
  }

  const auth = new Hono<Env>();

  auth.post('/register', async (c) => {
    const core = c.get('core');
    const body = await readJson(c, schemas.register);
    const passwordHash = await core.hasher.hash(body.password);
    const user = await core.users.insert({ email: body.email, passwordHash, name: body.name ?? null, custom: pickCustom(body) });
    const { session, refresh } = await core.sessions.start(user.id, clientInfo(c));
    return tokenResponse(c, user, session, refresh, requestedTransport(c), 201);
  });

  auth.post('/login', async (c) => {
    const core = c.get('core');
    const body = await readJson(c, schemas.login);
    const ip = clientIp(c);
    await core.throttle.check(body.email, ip);
    const user = await core.users.findByEmail(body.email);
    // Unknown emails verify against a dummy hash: the same work, so timing does not reveal accounts.
    const ok = await core.hasher.verify(user?.password_hash ?? null, body.password);
    if (!user || !ok) {
      await core.throttle.recordFailure(body.email, ip);
      throw new TesseraError('invalid_credentials', 'Email or password is incorrect');
    }
    await core.throttle.recordSuccess(body.email);
    if (core.hasher.needsRehash(user.password_hash!)) {
      await core.users.update(user.id, { passwordHash: await core.hasher.hash(body.password) });
    }
    const { session, refresh } = await core.sessions.start(user.id, clientInfo(c));
    return tokenResponse(c, user, session, refresh, requestedTransport(c), 200);
  });

  auth.post('/refresh', async (c) => {
    const core = c.get('core');
    const { token, transport } = await presentedRefreshToken(c);
    if (!token) throw new TesseraError('invalid_token', 'No refresh token: send the cookie or {"refresh_token"}');
    try {
      const { session, user, refresh } = await core.sessions.refresh(token);
      return await tokenResponse(c, user, session, refresh, transport, 200);
    } catch (error) {
      // A refused cookie is cleared, so the browser stops sending a token that can never work again.
      if (transport === 'cookie' && error instanceof TesseraError) error.headers['Set-Cookie'] = clearedRefreshCookie(config);
      throw error;
    }
  });

  auth.post('/logout', async (c) => {
    const core = c.get('core');
    const { token, transport } = await presentedRefreshToken(c);
    const session = token ? await core.sessions.findByRefreshToken(token) : undefined;
    if (session) await core.sessions.revoke(session.id, 'logout');
    // Idempotent: an unknown or already revoked token still ends with no session and no cookie.
    if (transport === 'cookie') c.header('Set-Cookie', clearedRefreshCookie(config));
    return c.body(null, 204);
  });

  auth.post('/logout-all', bearer, async (c) => {
    await c.get('core').sessions.revokeAll(c.get('claims').sub, 'logout_all');
    c.header('Set-Cookie', clearedRefreshCookie(config));
    return c.body(null, 204);
  });

  auth.get('/sessions', bearer, async (c) => {
    const claims = c.get('claims');
    const rows = await c.get('core').sessions.listActive(claims.sub);
    const iso = (ms: number) => new Date(ms).toISOString();
    return c.json({
      sessions: rows.map((s) => ({
        id: s.id,
        created_at: iso(s.created_at),
        last_used_at: iso(s.last_used_at),
        user_agent: s.user_agent,
        ip: s.ip,
        current: s.id === claims.sid,
      })),
    });
  });

  auth.delete('/sessions/:id', bearer, async (c) => {
    const revoked = await c.get('core').sessions.revoke(c.req.param('id'), 'revoked_by_user', c.get('claims').sub);
    if (!revoked) throw new TesseraError('not_found', 'No such active session');
    return c.body(null, 204);
  });

  const currentUser = async (c: Context<Env>) => {
    const user = await c.get('core').users.findById(c.get('claims').sub);
    if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
    return user;
  };

  /** The user object of /me: the public user plus the linked social providers. */
  const meBody = async (core: Core, user: UserRow) => ({
    ...core.users.toPublic(user),
    providers: await core.social.identities.providersOf(user.id),
  });

  auth.get('/me', bearer, async (c) => c.json(await meBody(c.get('core'), await currentUser(c))));

  auth.patch('/me', bearer, async (c) => {
    const core = c.get('core');
    const body = await readJson(c, schemas.updateMe);
    const user = await currentUser(c);
    const updated = await core.users.update(user.id, { ...(body.name !== undefined ? { name: body.name } : {}), custom: pickCustom(body) });
    return c.json(await meBody(core, updated));
  });

  auth.post('/password', bearer, async (c) => {
    const core = c.get('core');
    const body = await readJson(c, schemas.changePassword);
    const user = await currentUser(c);
    const ip = clientIp(c);
    await core.throttle.check(user.email, ip);
    if (!(await core.hasher.verify(user.password_hash, body.current_password))) {
      await core.throttle.recordFailure(user.email, ip);
      throw new TesseraError('invalid_credentials', 'Current password is incorrect');
    }
    await core.users.update(user.id, { passwordHash: await core.hasher.hash(body.new_password) });
    await core.sessions.revokeAll(user.id, 'password_changed', c.get('claims').sid);
    return c.body(null, 204);
  });

  auth.route('/social', createSocialRoutes({ schemas, bearer, tokenResponse, requestedTransport, clientInfo }));

  const openapi = buildOpenApi(config, schemas);
  auth.get('/openapi.json', (c) => c.json(openapi));

  app.route(config.basePath || '/', auth);

  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(c.get('core').keys.jwks());
  });

  app.get('/healthz', async (c) => {
    try {
      await c.get('core').db.selectFrom('users').select('id').limit(1).execute();
    } catch {
      throw new TesseraError('service_unavailable', 'The database does not answer', { headers: { 'Retry-After': '5' } });
    }
    return c.json({ status: 'ok' });
  });

  return app;
}
