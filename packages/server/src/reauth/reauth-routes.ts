// POST /reauthenticate: a fresh auth_time for the caller's session, with the password or a second factor.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';
import { clientInfo } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { tokenResponse, tokenResponseSchema } from '../http/token-response.js';
import { codeSchema, webauthnResponseSchema } from '../mfa/mfa-schemas.js';
import { reauthenticateWithFactor, reauthenticateWithPassword } from './reauthenticate.js';

export function reauthRoutes(config: ResolvedConfig): RouteGroup {
  return {
    name: 'reauthentication',
    description: 'Recent authentication for sensitive changes (REAUTH_MAX_AGE)',
    mount: 'auth',
    routes: [
      route({
        method: 'post',
        path: '/reauthenticate',
        operationId: 'reauthenticate',
        summary: 'Confirm the password, a TOTP code or a passkey again; the answer carries a fresh auth_time',
        description:
          'Email change, linking a provider and other sensitive changes answer 401 reauthentication_required when the ' +
          'session last authenticated more than REAUTH_MAX_AGE ago; this refreshes it. The session amr becomes the ' +
          'method used (pwd, otp, or the passkey’s). A wrong password answers 401 invalid_credentials, a wrong or used ' +
          'code 401 invalid_code; a method the server does not offer 400 validation_failed. The refresh token is unchanged.',
        auth: 'bearer',
        // A user who must set up a second factor reauthenticates first (the setup needs a recent authentication).
        beforeEnrolment: true,
        tokenTransport: true,
        body: z.union([
          z.strictObject({ password: z.string().min(1).max(config.passwordMaxLength) }),
          z.strictObject({ totp: codeSchema }),
          z.strictObject({ webauthn: webauthnResponseSchema }),
        ]),
        ok: { status: 200, schema: tokenResponseSchema(config), description: 'Reauthenticated' },
        errors: ['invalid_credentials', ['invalid_code', 401], 'rate_limited', 'forbidden'],
        handler: async (c, body) => {
          const core = c.get('core');
          const claims = c.get('claims');
          // An admin acting as the user (admin/impersonate.ts) must never make their token "recent".
          if (claims.act !== undefined) throw new TesseraError('forbidden', 'An impersonation token cannot reauthenticate');
          const client = clientInfo(c);
          const who = { userId: claims.sub, sessionId: claims.sid, ...client };
          const session =
            'password' in body
              ? await reauthenticateWithPassword(core, who, body.password)
              : await reauthenticateWithFactor(
                  core,
                  who,
                  'totp' in body ? { method: 'totp', code: body.totp } : { method: 'webauthn', response: body.webauthn },
                  client,
                );
          return tokenResponse(c, session, { status: 200 });
        },
      }),
    ],
  };
}
