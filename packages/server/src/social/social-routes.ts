// The social routes: list providers, sign in with an ID token or an authorization code, unlink a provider.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Env } from '../http/app.js';
import { readJson } from '../http/json-body.js';
import type { Schemas } from '../http/schemas.js';
import type { IssuedRefreshToken, SessionRow } from '../sessions/session-store.js';
import type { UserRow } from '../users/user-store.js';
import type { SocialCredential } from './social-login.js';

type Transport = 'cookie' | 'body';

/** The pieces of the auth app the social routes reuse, so a social sign-in answers exactly like /login. */
export interface SocialRouteDeps {
  schemas: Schemas;
  bearer: MiddlewareHandler<Env>;
  tokenResponse(
    c: Context<Env>,
    user: UserRow,
    session: SessionRow,
    refresh: IssuedRefreshToken,
    transport: Transport,
    status: 200 | 201,
  ): Promise<Response>;
  requestedTransport(c: Context<Env>): Transport;
  clientInfo(c: Context<Env>): { userAgent: string | null; ip: string | null };
}

export function createSocialRoutes({ schemas, bearer, tokenResponse, requestedTransport, clientInfo }: SocialRouteDeps): Hono<Env> {
  const social = new Hono<Env>();

  social.get('/providers', async (c) => c.json({ providers: await c.get('core').social.list() }));

  social.post('/:provider', async (c) => {
    const body = await readJson(c, schemas.socialSignIn);
    const credential: SocialCredential =
      body.id_token !== undefined
        ? { idToken: body.id_token, nonce: body.nonce }
        : { code: body.code!, codeVerifier: body.code_verifier!, redirectUri: body.redirect_uri!, nonce: body.nonce };
    const { user, session, refresh } = await c.get('core').social.signIn(c.req.param('provider'), credential, clientInfo(c));
    // 200 whether the account was found, linked or created: the front end needs no separate "sign up" path.
    return tokenResponse(c, user, session, refresh, requestedTransport(c), 200);
  });

  social.delete('/:provider', bearer, async (c) => {
    await c.get('core').social.unlink(c.get('claims').sub, c.req.param('provider'));
    return c.body(null, 204);
  });

  return social;
}
