// A next-auth v4 provider for any OpenID Connect issuer (Keycloak, Okta, Entra ID, Auth0, a local test provider),
// shaped like next-auth's Google provider so the id_token reaches the jwt callback and Tessera's social route.
import type { OAuthConfig } from 'next-auth/providers/oauth';

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
 * OpenID Connect Core §3.1 (authorization code flow) with PKCE and state; the ID token is kept (`idToken: true`).
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
    idToken: true,
    checks: ['pkce', 'state'],
    profile: (profile) => ({ id: profile.sub, name: profile.name ?? null, email: profile.email ?? null, image: profile.picture ?? null }),
  };
}
