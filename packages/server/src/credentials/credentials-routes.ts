// POST /register, /login and /password: parse, call credentials.ts, answer.
import { beforeRegisterErrors } from '../hooks/hook-errors.js';
import type { ResolvedConfig } from '../config/index.js';
import { clientInfo } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { tokenResponseSchema } from '../http/token-response.js';
import { signInAnswerSchema } from '../mfa/mfa-schemas.js';
import { signInResponse } from '../mfa/sign-in-step.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';
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
        errors: ['email_taken', 'rate_limited', ...beforeRegisterErrors(config)],
        handler: async (c, body) => {
          const core = c.get('core');
          const registration = await register(core, body, clientInfo(c));
          if ('verificationRequired' in registration) {
            return c.json({ user: core.users.toPublic(registration.user), email_verification_required: true }, 201);
          }
          return signInResponse(c, registration, 201);
        },
      }),
      route({
        method: 'post',
        path: '/login',
        operationId: 'login',
        summary: 'Sign in with email and password; a user with a second factor gets the MFA step instead of tokens',
        description:
          'Two shapes of 200: the token response, or {mfa_required: true, mfa_token, methods} (no tokens, no cookie) to ' +
          'finish with POST /auth/mfa/verify.',
        auth: 'none',
        tokenTransport: true,
        body: schemas.login,
        ok: { status: 200, schema: signInAnswerSchema(tokens), description: 'Signed in, or the MFA step' },
        errors: ['invalid_credentials', 'rate_limited', 'account_disabled', ...(required ? (['email_unverified'] as const) : [])],
        handler: async (c, body) => signInResponse(c, await login(c.get('core'), body, clientInfo(c))),
      }),
      route({
        method: 'post',
        path: '/password',
        operationId: 'changePassword',
        summary: 'Change the password; every other session is revoked',
        description: 'Needs a recent authentication (REAUTH_MAX_AGE, else 401 reauthentication_required).',
        auth: 'bearer',
        body: schemas.changePassword,
        ok: { status: 204, description: 'Changed' },
        errors: ['invalid_credentials', 'rate_limited', 'reauthentication_required'],
        handler: async (c, body) => {
          const claims = c.get('claims');
          assertRecentAuth(c.get('core'), claims);
          await changePassword(c.get('core'), { userId: claims.sub, sessionId: claims.sid, ...clientInfo(c) }, body);
          return c.body(null, 204);
        },
      }),
    ],
  };
}
