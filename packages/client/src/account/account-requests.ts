// The requests of Tessera's account routes (issue 12), built from the adapter's own login request: its path gives the
// base path (`/auth` or whatever `basePath` says) and its headers the token transport, so nothing is configured twice.
import type { AuthAdapter, AuthRequest } from '../adapters/auth-adapter.js';
import { AuthError } from '../errors.js';
import type { AuthenticationResponseJSON } from '../passkeys/webauthn-json.js';
import type { AccountClient } from './account-client.js';

/** Where the account routes live and how a token response is asked for, as the adapter's login shows it. */
export interface AccountRoutes {
  /** `/auth` for `tessera()`. */
  base: string;
  /** `{ 'x-token-transport': 'body' }` for `tessera({ transport: 'body' })`, else undefined. */
  transport: Record<string, string> | undefined;
}

/**
 * Reads the routes off a Tessera adapter; throws AuthError `not_supported` for any other backend (simplejwt has no
 * account routes).
 * @example accountRoutes(tessera({ basePath: '/api/auth' })) // { base: '/api/auth', transport: undefined }
 */
export function accountRoutes(adapter: Pick<AuthAdapter<unknown, never, never>, 'login'>): AccountRoutes {
  const { path, headers } = adapter.login({} as never);
  if (!path.endsWith('/login')) throw new AuthError('not_supported', 'The account routes need the Tessera adapter');
  return { base: path.slice(0, -'/login'.length), transport: headers };
}

/**
 * `POST <base><path>` with a JSON body (`method` another verb, without one). `tokens`: the answer is a token response,
 * so it carries the adapter's transport header (body transport puts the refresh token in it).
 */
export function accountRequest(
  routes: AccountRoutes,
  path: string,
  body?: Record<string, unknown>,
  tokens = false,
  method?: AuthRequest['method'],
): AuthRequest {
  return { path: routes.base + path, body, method, ...(tokens && routes.transport ? { headers: routes.transport } : {}) };
}

/** The two ways to finish an email sign-in: the magic link's token, or the address and the mailed 6-digit code. */
export type EmailSignInProof = { token: string } | { email: string; code: string };

/** The body of `POST /auth/email/sign-in/verify`: only the fields of one proof, never a mix. */
export function emailSignInBody(proof: EmailSignInProof): Record<string, string> {
  return 'token' in proof ? { token: proof.token } : { email: proof.email, code: proof.code };
}

/** What `POST /auth/social/:provider/link` takes: an ID token and its nonce, or an authorization code with PKCE. */
export type ProviderProof = { id_token: string; nonce: string } | { code: string; code_verifier: string; redirect_uri: string };

/** The body of the link request: only the fields of one proof (the server refuses unknown fields). */
export function providerProofBody(proof: ProviderProof): Record<string, string> {
  return 'id_token' in proof
    ? { id_token: proof.id_token, nonce: proof.nonce }
    : { code: proof.code, code_verifier: proof.code_verifier, redirect_uri: proof.redirect_uri };
}

/** What `POST /auth/reauthenticate` takes: the password, a TOTP code, or a WebAuthn assertion (`passkeyAssertion`). */
export type ReauthProof = { password: string } | { totp: string } | { webauthn: AuthenticationResponseJSON };

/** The body of the reauthentication: only the fields of one proof; a string is a password. */
export function reauthBody(proof: string | ReauthProof): ReauthProof {
  if (typeof proof === 'string') return { password: proof };
  return 'password' in proof ? { password: proof.password } : 'totp' in proof ? { totp: proof.totp } : { webauthn: proof.webauthn };
}

/** One request of the signed-in user, with the current access token (never adopting the answer). */
export async function signedInCall(
  client: AccountClient<unknown>,
  path: string,
  body?: Record<string, unknown>,
  method?: AuthRequest['method'],
): Promise<unknown> {
  const token = await client.getToken();
  return client.send((adapter) => accountRequest(accountRoutes(adapter), path, body, false, method), token);
}
