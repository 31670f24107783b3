// The authorization code grant with PKCE (RFC 6749 §4.1.3, RFC 7636 §4.5): request (I/O) and response check apart.
import { TesseraError } from '../errors.js';
import { ProviderError } from './provider-error.js';

export interface CodeGrant {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string | undefined;
  /** From discovery's token_endpoint_auth_methods_supported. */
  authMethods: readonly string[];
}

/** The I/O half: one POST to the token endpoint, the raw response back. */
export async function requestToken(
  endpoint: string,
  grant: CodeGrant,
  client: ClientCredentials,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<Response> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.clientSecret && (client.authMethods.includes('client_secret_basic') || !client.authMethods.includes('client_secret_post'))) {
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    if (client.clientSecret) body.set('client_secret', client.clientSecret);
  }
  try {
    return await fetchImpl(endpoint, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new ProviderError(`token request failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * The checking half: returns the ID token of a successful response (RFC 6749 §5.1, OIDC Core §3.1.3.3).
 * A refused code (`invalid_grant`: expired, used, wrong verifier or redirect_uri) is the caller's mistake;
 * any other refusal means our client is misconfigured or the provider is unwell.
 */
export async function parseTokenResponse(response: Response): Promise<string> {
  let body: Record<string, unknown> | undefined;
  try {
    const value: unknown = await response.json();
    if (value && typeof value === 'object' && !Array.isArray(value)) body = value as Record<string, unknown>;
  } catch {
    // handled below
  }
  if (response.status === 200) {
    if (!body) throw new ProviderError('token endpoint answered 200 without a JSON object');
    if (typeof body.id_token !== 'string')
      throw new TesseraError('invalid_id_token', 'The provider returned no ID token; request the openid scope');
    return body.id_token;
  }
  // RFC 6749 §5.2 error response.
  if (body?.error === 'invalid_grant') {
    throw new TesseraError(
      'invalid_grant',
      'The provider refused the authorization code (expired, already used, or code_verifier/redirect_uri do not match)',
    );
  }
  throw new ProviderError(`token endpoint answered HTTP ${response.status} ${typeof body?.error === 'string' ? body.error : ''}`.trim());
}
