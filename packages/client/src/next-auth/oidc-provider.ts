// A next-auth v4 provider for any OpenID Connect issuer (Keycloak, Okta, Entra ID, Auth0, a local test provider),
// shaped like next-auth's Google provider so the id_token reaches the jwt callback and Tessera's social route.
import type { OAuthConfig, TokenEndpointHandler } from 'next-auth/providers/oauth';

export interface OidcProfile {
  sub: string;
  email?: string;
  name?: string;
  picture?: string;
  [claim: string]: unknown;
}

export interface OidcProviderOptions {
  /** next-auth's provider id, and (by default) Tessera's: `POST /auth/social/<id>`. */
  id: string;
  /** Issuer URL exactly as it appears in `iss`; discovery is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Button label. @default the id */
  name?: string;
  /** @default 'openid email profile' */
  scope?: string;
}

/**
 * OpenID Connect Core §3.1 (authorization code flow) with PKCE and state. The ID token lands in `account.id_token`
 * and must carry a nonce Tessera issued, passed to next-auth's `signIn()` as an authorization parameter
 * (`tesseraAuth.socialSignInParams(id)`); the code is redeemed by {@link tesseraTokenRequest}.
 * @example oidcProvider({ id: 'keycloak', issuer: 'https://sso.example.com/realms/acme', clientId, clientSecret })
 */
export function oidcProvider(options: OidcProviderOptions): OAuthConfig<OidcProfile> {
  const issuer = options.issuer.replace(/\/$/, '');
  return {
    id: options.id,
    name: options.name ?? options.id,
    type: 'oauth',
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    issuer: options.issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authorization: { params: { scope: options.scope ?? 'openid email profile' } },
    token: { request: tesseraTokenRequest },
    idToken: true,
    checks: ['pkce', 'state'],
    profile: (profile) => ({ id: profile.sub, name: profile.name ?? null, email: profile.email ?? null, image: profile.picture ?? null }),
  };
}

type TokenRequest = NonNullable<TokenEndpointHandler['request']>;

/**
 * next-auth's code redemption for a provider whose ID token Tessera verifies: `token: { request: tesseraTokenRequest }`
 * (e.g. on next-auth's GoogleProvider). next-auth's own (openid-client's `callback()`) refuses an ID token carrying a
 * nonce it did not make, and Tessera's nonce is one. So this does the same checks but the nonce: state (CSRF), the
 * `iss` response parameter (RFC 9207), then redeems the code with the PKCE verifier (RFC 7636). The ID token comes
 * straight from the token endpoint over TLS (OIDC Core §3.1.3.7 item 6); Tessera then verifies its signature,
 * claims and nonce before it becomes a session.
 */
export const tesseraTokenRequest: TokenRequest = async ({ client, params, checks, provider }) => {
  if (params.error) throw new Error(`the provider refused the sign-in: ${params.error}`);
  if ('state' in checks && checks.state !== undefined && params.state !== checks.state) throw new Error('state mismatch');
  if (params.iss !== undefined && params.iss !== client.issuer.metadata.issuer) throw new Error('iss mismatch');
  if (!params.code) throw new Error('the callback carries no authorization code');
  const tokens = await client.grant({
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: provider.callbackUrl,
    ...('code_verifier' in checks && checks.code_verifier ? { code_verifier: checks.code_verifier } : {}),
  });
  return { tokens };
};
