// The /mfa routes: TOTP setup, confirmation and removal, recovery codes, and the MFA step of a sign-in. Absent under
// MFA_REQUIRED=off (http/app.ts), so they answer 404 there.
import { z } from 'zod';
import type { Context } from 'hono';
import type { ResolvedConfig } from '../config/index.js';
import type { Env } from '../http/context.js';
import { clientInfo, clientIp } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { tokenResponse, tokenResponseSchema } from '../http/token-response.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';
import { codeSchema, mfaStatusSchema, mfaVerifySchema, recoveryCodesSchema, totpSetupSchema } from './mfa-schemas.js';
import { mfaStatus } from './mfa-status.js';
import { confirmTotp, regenerateRecoveryCodes, removeTotpFactor, setUpTotp } from './totp-enrolment.js';
import { verifyMfa } from './verify-mfa.js';

const RECENT = 'Needs a recent authentication (REAUTH_MAX_AGE, else 401 reauthentication_required).';

/** The caller of a sensitive MFA route, after the recent-authentication check. */
function recentCaller(c: Context<Env>) {
  const claims = c.get('claims');
  assertRecentAuth(c.get('core'), claims);
  return { userId: claims.sub, ip: clientIp(c) };
}

export function mfaRoutes(config: ResolvedConfig): RouteGroup {
  return {
    name: 'mfa',
    description: 'Second factors: TOTP, recovery codes, and the MFA step of a sign-in (MFA_REQUIRED)',
    mount: 'auth',
    prefix: '/mfa',
    routes: [
      route({
        method: 'get',
        path: '',
        operationId: 'getMfaStatus',
        summary: "The caller's second factors: TOTP on or not, recovery codes left, passkeys, the MFA step's methods",
        description: 'Open before enrolment, so a user held by MFA_REQUIRED can see what is missing.',
        auth: 'bearer',
        beforeEnrolment: true,
        ok: { status: 200, schema: mfaStatusSchema, description: 'The state, without secrets' },
        errors: [],
        handler: async (c) => c.json(await mfaStatus(c.get('core'), c.get('claims').sub)),
      }),
      route({
        method: 'post',
        path: '/totp/setup',
        operationId: 'setUpTotp',
        summary: 'Start setting up TOTP: a new secret, inactive until confirmed',
        description: `${RECENT} Setting up again replaces a setup not yet confirmed; a confirmed one answers 409.`,
        auth: 'bearer',
        beforeEnrolment: true,
        ok: { status: 200, schema: totpSetupSchema, description: 'The secret and its otpauth:// URI' },
        errors: ['reauthentication_required', 'mfa_already_enabled'],
        handler: async (c) => c.json(await setUpTotp(c.get('core'), recentCaller(c))),
      }),
      route({
        method: 'post',
        path: '/totp/confirm',
        operationId: 'confirmTotp',
        summary: 'Turn TOTP on with a first code; answers the recovery codes, shown this once',
        description: RECENT,
        auth: 'bearer',
        beforeEnrolment: true,
        body: z.strictObject({ code: codeSchema }),
        ok: { status: 200, schema: recoveryCodesSchema, description: 'TOTP is on' },
        errors: ['reauthentication_required', ['invalid_code', 401], 'not_found', 'mfa_already_enabled'],
        handler: async (c, body) => c.json({ recovery_codes: await confirmTotp(c.get('core'), recentCaller(c), body.code) }),
      }),
      route({
        method: 'delete',
        path: '/totp',
        operationId: 'removeTotp',
        summary: 'Turn TOTP off (with the recovery codes, when no other factor is left)',
        description: RECENT,
        auth: 'bearer',
        ok: { status: 204, description: 'Removed' },
        errors: ['reauthentication_required', 'not_found'],
        handler: async (c) => {
          await removeTotpFactor(c.get('core'), recentCaller(c));
          return c.body(null, 204);
        },
      }),
      route({
        method: 'post',
        path: '/recovery-codes',
        operationId: 'regenerateRecoveryCodes',
        summary: 'New recovery codes; the old ones stop working',
        description: `${RECENT} 404 when the account has no second factor for them to recover.`,
        auth: 'bearer',
        ok: { status: 200, schema: recoveryCodesSchema, description: 'The new codes, shown this once' },
        errors: ['reauthentication_required', 'not_found'],
        handler: async (c) => c.json({ recovery_codes: await regenerateRecoveryCodes(c.get('core'), recentCaller(c)) }),
      }),
      route({
        method: 'post',
        path: '/verify',
        operationId: 'verifyMfa',
        summary: 'The MFA step: the mfa_token of a sign-in and a second factor; answers the session',
        description:
          'A wrong, replayed or used code answers 401 invalid_code; an mfa_token that expired (5 minutes), used up its 5 ' +
          'attempts, or comes from another client than the sign-in answers 401 invalid_token. Rate limited like logins.',
        auth: 'none',
        tokenTransport: true,
        body: mfaVerifySchema,
        ok: { status: 200, schema: tokenResponseSchema(config), description: 'Signed in; amr has both factors and mfa' },
        errors: ['invalid_token', ['invalid_code', 401], 'rate_limited'],
        handler: async (c, body) => {
          const proof =
            body.method === 'webauthn' ? { method: body.method, response: body.response } : { method: body.method, code: body.code };
          return tokenResponse(c, await verifyMfa(c.get('core'), body.mfa_token, proof, clientInfo(c)), { status: 200 });
        },
      }),
    ],
  };
}
