// POST /register, /login and /password: parse, call credentials.ts, answer.
import type { ResolvedConfig } from '../config/index.js';
import { clientInfo, clientIp } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { tokenResponse, tokenResponseSchema } from '../http/token-response.js';
import { pendingVerificationSchema } from '../email-verification/pending-verification.js';
import { verificationRequired } from '../email-verification/verification-gate.js';
import { credentialsSchemas } from './credentials-schemas.js';
import { changePassword, login, register } from './credentials.js';

export function credentialsRoutes(config: ResolvedConfig): RouteGroup {
  const schemas = credentialsSchemas(config);
  const tokens = tokenResponseSchema(config);
  const required = verificationRequired(config);
  return {
    name: 'credentials',
    description: 'Registration, password sign-in and password change',
    mount: 'auth',
    routes: [
      route({
        method: 'post',
        path: '/register',
        operationId: 'register',
        ...(required
          ? {
              summary: 'Create an account; a verification link is mailed, and sign-in waits for it (EMAIL_VERIFICATION=required)',
              ok: { status: 201, schema: pendingVerificationSchema(config), description: 'Created; verify the email, then sign in' },
            }
          : {
              summary: 'Create an account and sign in',
              tokenTransport: true,
              ok: { status: 201, schema: tokens, description: 'Signed in' },
            }),
        auth: 'none',
        body: schemas.register,
        errors: ['email_taken', 'rate_limited'],
        handler: async (c, body) => {
          const core = c.get('core');
          const registration = await register(core, body, clientInfo(c));
          if ('verificationRequired' in registration) {
            return c.json({ user: core.users.toPublic(registration.user), email_verification_required: true }, 201);
          }
          return tokenResponse(c, registration, { status: 201 });
        },
      }),
      route({
        method: 'post',
        path: '/login',
        operationId: 'login',
        summary: 'Sign in with email and password',
        auth: 'none',
        tokenTransport: true,
        body: schemas.login,
        ok: { status: 200, schema: tokens, description: 'Signed in' },
        errors: ['invalid_credentials', 'rate_limited', 'account_disabled', ...(required ? (['email_unverified'] as const) : [])],
        handler: async (c, body) => tokenResponse(c, await login(c.get('core'), body, clientInfo(c)), { status: 200 }),
      }),
      route({
        method: 'post',
        path: '/password',
        operationId: 'changePassword',
        summary: 'Change the password; every other session is revoked',
        auth: 'bearer',
        body: schemas.changePassword,
        ok: { status: 204, description: 'Changed' },
        errors: ['invalid_credentials', 'rate_limited'],
        handler: async (c, body) => {
          const claims = c.get('claims');
          await changePassword(c.get('core'), { userId: claims.sub, sessionId: claims.sid, ip: clientIp(c) }, body);
          return c.body(null, 204);
        },
      }),
    ],
  };
}
