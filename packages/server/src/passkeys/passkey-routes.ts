// /auth/passkeys: register, list, rename and remove passkeys, and sign in with one. Parse, call, answer.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';
import { clientInfo, clientIp } from '../http/client-info.js';
import { pathParam, route, type RouteGroup } from '../http/route.js';
import { tokenResponse, tokenResponseSchema } from '../http/token-response.js';
import { hasSecondFactor } from '../mfa/factors.js';
import { removeRecoveryCodes } from '../mfa/recovery-codes.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';
import { verificationRequired } from '../email-verification/verification-gate.js';
import { logThrottling } from '../events/security-log.js';
import { passkeyRequestOptions } from './passkey-assertion.js';
import { signInWithPasskey } from './passkey-login.js';
import { passkeyCreationOptions, registerPasskey } from './passkey-registration.js';
import {
  asAuthenticationResponse,
  asRegistrationResponse,
  authenticationResponseSchema,
  creationOptionsSchema,
  passkeyNameSchema,
  passkeySchema,
  registrationResponseSchema,
  requestOptionsSchema,
} from './passkey-schemas.js';
import { passkeysOf, toPublicPasskey } from './passkey-store.js';

const REFUSED = ['invalid_code', 401] as const;

export function passkeyRoutes(config: ResolvedConfig): RouteGroup {
  return {
    name: 'passkeys',
    description: 'WebAuthn passkeys: registration, management and sign-in without a password (WEBAUTHN_RP_ID, WEBAUTHN_ORIGINS)',
    mount: 'auth',
    prefix: '/passkeys',
    routes: [
      route({
        method: 'post',
        path: '/register/options',
        operationId: 'passkeyRegistrationOptions',
        summary: 'Creation options for a new passkey, with a single-use challenge (5 minutes)',
        description:
          'Needs a recent authentication (REAUTH_MAX_AGE, else 401 reauthentication_required). Pass the answer to ' +
          'navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) }). ' +
          'Discoverable credentials are required, user verification preferred, attestation none by default.',
        auth: 'bearer',
        // A passkey is a second factor: a user that MFA_REQUIRED asks to enrol one may register it.
        beforeEnrolment: true,
        ok: { status: 200, schema: creationOptionsSchema, description: 'PublicKeyCredentialCreationOptionsJSON' },
        errors: ['reauthentication_required'],
        handler: async (c) => {
          const core = c.get('core');
          const claims = c.get('claims');
          assertRecentAuth(core, claims);
          return c.json(await passkeyCreationOptions(core, { userId: claims.sub, sessionId: claims.sid }));
        },
      }),
      route({
        method: 'post',
        path: '/register/verify',
        operationId: 'registerPasskey',
        summary: 'Register the passkey the browser created for the options of this session',
        description:
          'A response that does not verify (challenge unknown, expired, used or issued to another session, wrong ' +
          'origin or RP ID, bad attestation, credential registered already) answers 401 invalid_code.',
        auth: 'bearer',
        beforeEnrolment: true,
        body: z.strictObject({ response: registrationResponseSchema, name: passkeyNameSchema.optional() }),
        ok: { status: 201, schema: passkeySchema.pick({ id: true, name: true, created_at: true }), description: 'Registered' },
        errors: ['reauthentication_required', REFUSED],
        handler: async (c, body) => {
          const core = c.get('core');
          const claims = c.get('claims');
          assertRecentAuth(core, claims);
          const passkey = toPublicPasskey(
            await registerPasskey(
              core,
              { userId: claims.sub, sessionId: claims.sid, ip: clientIp(c) },
              asRegistrationResponse(body.response),
              body.name,
            ),
          );
          return c.json({ id: passkey.id, name: passkey.name, created_at: passkey.created_at }, 201);
        },
      }),
      route({
        method: 'get',
        path: '',
        operationId: 'listPasskeys',
        summary: "List the user's passkeys (never their keys)",
        auth: 'bearer',
        ok: { status: 200, schema: z.object({ passkeys: z.array(passkeySchema) }), description: 'Passkeys, oldest first' },
        errors: [],
        handler: async (c) => {
          const rows = await passkeysOf(c.get('core')).listOf(c.get('claims').sub);
          return c.json({ passkeys: rows.map(toPublicPasskey) });
        },
      }),
      route({
        method: 'patch',
        path: '/:id',
        operationId: 'renamePasskey',
        summary: 'Rename one of your passkeys',
        auth: 'bearer',
        body: z.strictObject({ name: passkeyNameSchema }),
        ok: { status: 200, schema: passkeySchema, description: 'The renamed passkey' },
        errors: ['not_found'],
        handler: async (c, body) => {
          const row = await passkeysOf(c.get('core')).rename(c.get('claims').sub, pathParam(c, 'id'), body.name);
          if (!row) throw new TesseraError('not_found', 'No such passkey');
          return c.json(toPublicPasskey(row));
        },
      }),
      route({
        method: 'delete',
        path: '/:id',
        operationId: 'removePasskey',
        summary: 'Remove one of your passkeys',
        description:
          'Needs a recent authentication. Removing the last passkey of an account with no password, no social ' +
          'identity and no verified email for a mailed sign-in answers 409 last_sign_in_method.',
        auth: 'bearer',
        ok: { status: 204, description: 'Removed' },
        errors: ['reauthentication_required', 'not_found', 'last_sign_in_method'],
        handler: async (c) => {
          const core = c.get('core');
          const claims = c.get('claims');
          assertRecentAuth(core, claims);
          const id = pathParam(c, 'id');
          const { ip, userAgent } = clientInfo(c);
          const outcome = await passkeysOf(core).remove(claims.sub, id, {
            emailSignIn: core.config.email.enabled,
            // Recorded in the removal's transaction.
            recorded: (trx) =>
              core.events.record(trx, { type: 'passkey.removed', userId: claims.sub, ip, userAgent, detail: { passkey_id: id } }),
          });
          if (outcome === 'not_found') throw new TesseraError('not_found', 'No such passkey');
          if (outcome === 'last_sign_in_method') {
            throw new TesseraError('last_sign_in_method', 'This passkey is the only way to sign in to this account: add another first');
          }
          // Recovery codes recover a second factor; with the last one gone they would be a way in on their own.
          if (!(await hasSecondFactor(core, claims.sub))) await removeRecoveryCodes(core, claims.sub);
          return c.body(null, 204);
        },
      }),
      route({
        method: 'post',
        path: '/login/options',
        operationId: 'passkeyLoginOptions',
        summary: 'Request options for signing in with a passkey: no email needed (discoverable credentials)',
        description:
          'A single-use challenge (5 minutes) and no allowCredentials: the browser offers the passkeys it holds for ' +
          'WEBAUTHN_RP_ID. Also the challenge for a passkey reauthentication or MFA step. Each challenge is a row kept ' +
          'five minutes, so a client address gets PASSKEY_OPTIONS_MAX_PER_IP (60) per minute.',
        auth: 'none',
        ok: { status: 200, schema: requestOptionsSchema, description: 'PublicKeyCredentialRequestOptionsJSON' },
        errors: ['rate_limited'],
        handler: async (c) => {
          const core = c.get('core');
          const ip = clientIp(c);
          await logThrottling(core.config.logger, core.passkeyChallenges.reserve(ip), (retryAfter) => ({
            event: 'passkey_options_throttled',
            ip,
            retryAfter,
          }));
          return c.json(await passkeyRequestOptions(core, 'login'));
        },
      }),
      route({
        method: 'post',
        path: '/login/verify',
        operationId: 'passkeyLogin',
        summary: 'Sign in with the passkey assertion the browser made for the login options',
        description:
          'amr: swk (synced passkey) or hwk (device-bound), plus user and mfa when the authenticator verified the ' +
          'user. Any response that does not verify (unknown credential, wrong or used challenge, wrong origin, bad ' +
          'signature, a signature counter that did not increase) answers 401 invalid_code.',
        auth: 'none',
        tokenTransport: true,
        body: z.strictObject({ response: authenticationResponseSchema }),
        ok: { status: 200, schema: tokenResponseSchema(config), description: 'Signed in' },
        errors: [REFUSED, ...(verificationRequired(config) ? (['email_unverified'] as const) : [])],
        handler: async (c, body) => {
          const issued = await signInWithPasskey(c.get('core'), asAuthenticationResponse(body.response), clientInfo(c));
          return tokenResponse(c, issued, { status: 200 });
        },
      }),
    ],
  };
}
