// The HTTP application: shared middleware, then each feature's routes, then the OpenAPI document made from them.
// Errors of any route become RFC 9457 problem+json here. A new feature adds one line to `features`.
import { Hono } from 'hono';
import type { ResolvedConfig } from '../config/index.js';
import type { Core } from '../core.js';
import { accountRoutes } from '../account/account-routes.js';
import { adminRoutes } from '../admin/admin-routes.js';
import { credentialsRoutes } from '../credentials/credentials-routes.js';
import { emailChangeRoutes } from '../email-change/email-change-routes.js';
import { emailSignInRoutes } from '../email-sign-in/email-sign-in-routes.js';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable, isDatabaseUnavailable } from '../db/database-errors.js';
import { TesseraError } from '../errors.js';
import { emailVerificationRoutes } from '../email-verification/verification-routes.js';
import { mailboxRoutes, servesMailbox } from '../email/mailbox-routes.js';
import { keysRoutes } from '../keys/keys-routes.js';
import { passwordResetRoutes } from '../password-reset/password-reset-routes.js';
import { meRoutes } from '../me/me-routes.js';
import { mfaRoutes } from '../mfa/mfa-routes.js';
import { eventsRoutes } from '../events/events-routes.js';
import { reauthRoutes } from '../reauth/reauth-routes.js';
import { sessionsRoutes } from '../sessions/sessions-routes.js';
import { socialRoutes } from '../social/social-routes.js';
import { passkeyRoutes } from '../passkeys/passkey-routes.js';
import { bodyLimit } from './body-limit.js';
import type { Env } from './context.js';
import { cors } from './cors.js';
import { healthRoutes } from './health-routes.js';
import { buildOpenApi } from './openapi.js';
import { problem } from './problem.js';
import { mountRoutes, route, type RouteGroup } from './route.js';
import { noStore } from './no-store.js';

/** Every feature's routes, in the order the OpenAPI document lists them. */
function featureRoutes(config: ResolvedConfig): RouteGroup[] {
  return [
    credentialsRoutes(config),
    sessionsRoutes(config),
    meRoutes(config),
    eventsRoutes(),
    reauthRoutes(config),
    // MFA_REQUIRED=off: the routes are not there (404) and the document does not list them.
    ...(config.mfaRequired !== 'off' ? [mfaRoutes(config)] : []),
    emailVerificationRoutes(config),
    passwordResetRoutes(config),
    emailChangeRoutes(config),
    emailSignInRoutes(config),
    socialRoutes(config),
    passkeyRoutes(config),
    accountRoutes(),
    adminRoutes(config),
    keysRoutes(),
    healthRoutes(),
    // Development only; absent elsewhere, so its path is an unknown route and its tag is not in the document.
    ...(servesMailbox(config) ? [mailboxRoutes()] : []),
  ];
}

/** The document's own route, declared like the others so it documents itself. */
function openApiRoutes(document: () => unknown): RouteGroup {
  return {
    name: 'meta',
    description: 'This document',
    mount: 'auth',
    routes: [
      route({
        method: 'get',
        path: '/openapi.json',
        operationId: 'getOpenApi',
        summary: 'This OpenAPI 3.1 document',
        auth: 'none',
        ok: { status: 200, description: 'OpenAPI document' },
        errors: [],
        handler: (c) => c.json(document() as object),
      }),
    ],
  };
}

export function createApp(config: ResolvedConfig, getCore: () => Promise<Core>): Hono<Env> {
  const app = new Hono<Env>();

  app.onError((error, c) => {
    if (error instanceof TesseraError) return problem(c, error);
    if (isDatabaseUnavailable(error)) {
      // Logged once per outage by the core's monitor, not once per request.
      const core = c.get('core') as Core | undefined;
      if (core) core.databaseOutage.failed(error);
      else config.logger.warn('database unavailable', { path: c.req.path, error: error.message });
      return problem(c, databaseUnavailable(error));
    }
    config.logger.error('unhandled error', { path: c.req.path, error: error instanceof Error ? error.message : String(error) });
    return problem(c, new TesseraError('internal_error', 'The server could not handle this request'));
  });
  app.notFound((c) => problem(c, new TesseraError('not_found', 'No such endpoint')));

  app.use('*', cors(config.corsAllowedOrigins));
  app.use('*', bodyLimit(config.maxBodyBytes));
  app.use(config.basePath ? `${config.basePath}/*` : '*', noStore());
  app.use('*', async (c, next) => {
    let core: Core;
    try {
      core = await getCore();
    } catch (error) {
      // Start-up failed (database unreachable, say); the next request tries again.
      config.logger.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
      throw new TesseraError('service_unavailable', 'The server is starting or cannot reach its database', {
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      });
    }
    c.set('core', core);
    await next();
  });

  const groups = featureRoutes(config);
  let document: unknown;
  const all: RouteGroup[] = [...groups, openApiRoutes(() => (document ??= buildOpenApi(config, all)))];
  mountRoutes(app, config.basePath, all);
  return app;
}
