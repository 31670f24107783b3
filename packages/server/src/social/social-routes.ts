// The social routes: list providers, hand out a nonce, sign in with an ID token or an authorization code, link a
// provider to the signed-in account, unlink one.
import { beforeRegisterErrors } from '../hooks/hook-errors.js';
import type { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { verificationRequired } from '../email-verification/verification-gate.js';
import { clientInfo } from '../http/client-info.js';
import { pathParam, route, type RouteGroup } from '../http/route.js';
import { tokenResponseSchema } from '../http/token-response.js';
import { signInAnswerSchema } from '../mfa/mfa-schemas.js';
import { beginSignIn, signInResponse } from '../mfa/sign-in-step.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';
import { userSchema } from '../users/user-schemas.js';
import type { SocialCredential } from './provider-proof.js';
import { socialSchemas } from './social-schemas.js';

type CredentialBody = z.output<ReturnType<typeof socialSchemas>['socialSignIn']>;

/** The body's two shapes (the schema allows exactly one) as the credential sign-in and linking verify alike. */
const credentialOf = (body: CredentialBody): SocialCredential =>
  body.id_token !== undefined
    ? { idToken: body.id_token, nonce: body.nonce }
    : { code: body.code!, codeVerifier: body.code_verifier!, redirectUri: body.redirect_uri!, nonce: body.nonce };

export function socialRoutes(config: ResolvedConfig): RouteGroup {
  const schemas = socialSchemas();
  return {
    name: 'social',
    description: 'Sign-in with Google or another OpenID Connect provider',
    mount: 'auth',
    prefix: '/social',
    routes: [
      route({
        method: 'get',
        path: '/providers',
        operationId: 'listSocialProviders',
        summary: 'Configured social sign-in providers, for drawing buttons',
        auth: 'none',
        ok: { status: 200, schema: schemas.socialProviders, description: 'Providers' },
        errors: [],
        handler: async (c) => c.json({ providers: await c.get('core').social.list() }),
      }),
      route({
        method: 'post',
        path: '/:provider/nonce',
        operationId: 'issueSocialNonce',
        summary: 'A single-use nonce for the authentication request of an ID token sign-in (required with id_token)',
        auth: 'none',
        ok: { status: 200, schema: schemas.socialNonce, description: 'A nonce, usable once within expires_in seconds' },
        errors: ['provider_not_configured'],
        handler: async (c) => {
          const { nonce, expiresIn } = await c.get('core').social.issueNonce(pathParam(c, 'provider'));
          return c.json({ nonce, expires_in: expiresIn });
        },
      }),
      route({
        method: 'post',
        path: '/:provider',
        operationId: 'socialSignIn',
        summary: 'Sign in with an OpenID Connect ID token or authorization code (PKCE); finds, links or creates the account',
        auth: 'none',
        tokenTransport: true,
        body: schemas.socialSignIn,
        description: 'A user with a second factor gets the MFA step (as POST /auth/login does) instead of tokens.',
        ok: {
          status: 200,
          schema: signInAnswerSchema(tokenResponseSchema(config)),
          description: 'Signed in (also when the account was just created), or the MFA step',
        },
        errors: [
          'account_disabled',
          'invalid_id_token',
          'invalid_grant',
          'provider_not_configured',
          'account_exists',
          'email_not_verified',
          'provider_error',
          ...(verificationRequired(config) ? (['email_unverified'] as const) : []),
          ...beforeRegisterErrors(config),
        ],
        handler: async (c, body) => {
          const core = c.get('core');
          const provider = pathParam(c, 'provider');
          const issued = await core.social.signIn(provider, credentialOf(body), clientInfo(c), (user, client, amr) =>
            beginSignIn(core, user, client, amr, { method: 'social', provider }),
          );
          // 200 whether the account was found, linked or created: the front end needs no separate "sign up" path.
          return signInResponse(c, issued);
        },
      }),
      route({
        method: 'post',
        path: '/:provider/link',
        operationId: 'linkSocialProvider',
        summary: 'Link a provider account to the signed-in account (recent authentication required)',
        description:
          'The body is the one of POST /auth/social/{provider}, verified the same way. The way for an account whose sign-in ' +
          'answered 409 account_exists to gain the provider: sign in to the account, then link. 409 account_exists when ' +
          'the provider account is linked to another account, or this account has another one of this provider linked.',
        auth: 'bearer',
        body: schemas.socialSignIn,
        ok: { status: 200, schema: userSchema(config), description: 'The user, with the provider listed in providers' },
        errors: [
          'provider_not_configured',
          'reauthentication_required',
          'invalid_id_token',
          'invalid_grant',
          'account_exists',
          'provider_error',
        ],
        handler: async (c, body) => {
          const core = c.get('core');
          const claims = c.get('claims');
          const provider = pathParam(c, 'provider');
          core.social.assertConfigured(provider);
          // Checked before the credential is used, so a stale session keeps its nonce (or code) for the retry after
          // POST /auth/reauthenticate. Linking decides who a provider's sign-in opens, hence the recent authentication.
          assertRecentAuth(core, claims);
          const { user, providers } = await core.social.link(claims.sub, provider, credentialOf(body), clientInfo(c));
          return c.json({ ...core.users.toPublic(user), providers });
        },
      }),
      route({
        method: 'delete',
        path: '/:provider',
        operationId: 'unlinkSocialProvider',
        summary: 'Unlink a social provider from your account (recent authentication required)',
        auth: 'bearer',
        ok: { status: 204, description: 'Unlinked' },
        errors: ['not_found', 'last_sign_in_method', 'reauthentication_required'],
        handler: async (c) => {
          const core = c.get('core');
          assertRecentAuth(core, c.get('claims'));
          await core.social.unlink(c.get('claims').sub, pathParam(c, 'provider'), clientInfo(c));
          return c.body(null, 204);
        },
      }),
    ],
  };
}
