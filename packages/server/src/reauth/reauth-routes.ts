// POST /reauthenticate: a fresh auth_time for the caller's session.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';
import { clientIp } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { tokenResponse, tokenResponseSchema } from '../http/token-response.js';
import { reauthenticateWithPassword } from './reauthenticate.js';

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
        summary: 'Confirm the password again; the answer carries a fresh auth_time',
        description:
          'Email change, linking a provider and other sensitive changes answer 401 reauthentication_required when the ' +
          'session last authenticated more than REAUTH_MAX_AGE ago; this refreshes it. The refresh token is unchanged.',
        auth: 'bearer',
        tokenTransport: true,
        body: z.strictObject({ password: z.string().min(1).max(config.passwordMaxLength) }),
        ok: { status: 200, schema: tokenResponseSchema(config), description: 'Reauthenticated' },
        errors: ['invalid_credentials', 'rate_limited', 'forbidden'],
        handler: async (c, body) => {
          const claims = c.get('claims');
          // An admin acting as the user (admin/impersonate.ts) must never make their token "recent".
          if (claims.act !== undefined) throw new TesseraError('forbidden', 'An impersonation token cannot reauthenticate');
          const session = await reauthenticateWithPassword(
            c.get('core'),
            { userId: claims.sub, sessionId: claims.sid, ip: clientIp(c) },
            body.password,
          );
          return tokenResponse(c, session, { status: 200 });
        },
      }),
    ],
  };
}
