// The social routes: list providers, hand out a nonce, sign in with an ID token or an authorization code, unlink a provider.
import type { ResolvedConfig } from '../config/index.js';
import { verificationRequired } from '../email-verification/verification-gate.js';
import { clientInfo } from '../http/client-info.js';
import { pathParam, route, type RouteGroup } from '../http/route.js';
import { tokenResponse, tokenResponseSchema } from '../http/token-response.js';
import type { SocialCredential } from './social-login.js';
import { socialSchemas } from './social-schemas.js';

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
        ok: { status: 200, schema: tokenResponseSchema(config), description: 'Signed in (also when the account was just created)' },
        errors: [
          'invalid_id_token',
          'invalid_grant',
          'provider_not_configured',
          'account_exists',
          'email_not_verified',
          'provider_error',
          ...(verificationRequired(config) ? (['email_unverified'] as const) : []),
        ],
        handler: async (c, body) => {
          const credential: SocialCredential =
            body.id_token !== undefined
              ? { idToken: body.id_token, nonce: body.nonce }
              : { code: body.code!, codeVerifier: body.code_verifier!, redirectUri: body.redirect_uri!, nonce: body.nonce };
          const issued = await c.get('core').social.signIn(pathParam(c, 'provider'), credential, clientInfo(c));
          // 200 whether the account was found, linked or created: the front end needs no separate "sign up" path.
          return tokenResponse(c, issued, { status: 200 });
        },
      }),
      route({
        method: 'delete',
        path: '/:provider',
        operationId: 'unlinkSocialProvider',
        summary: 'Unlink a social provider from your account',
        auth: 'bearer',
        ok: { status: 204, description: 'Unlinked' },
        errors: ['not_found', 'last_sign_in_method'],
        handler: async (c) => {
          await c.get('core').social.unlink(c.get('claims').sub, pathParam(c, 'provider'));
          return c.body(null, 204);
        },
      }),
    ],
  };
}
