// OpenID Connect Discovery 1.0: fetch a provider's metadata (I/O) and check it (no I/O).
import { ProviderError } from './provider-error.js';

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string | undefined;
  jwks_uri: string;
  id_token_signing_alg_values_supported: readonly string[];
  token_endpoint_auth_methods_supported: readonly string[];
}

/** Discovery §4: the document lives at the issuer plus `/.well-known/openid-configuration`, a trailing `/` removed first. */
function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** The I/O half: one GET, the raw response back. Network failures and timeouts become ProviderError. */
export async function fetchDiscovery(issuer: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<Response> {
  try {
    return await fetchImpl(discoveryUrl(issuer), {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ProviderError(`discovery request failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The checking half: a 200 JSON document whose `issuer` is the configured one (Discovery §4.3) and whose endpoints are URLs. */
export async function parseDiscovery(expectedIssuer: string, response: Response): Promise<ProviderMetadata> {
  if (response.status !== 200) throw new ProviderError(`discovery answered HTTP ${response.status}`);
  let doc: Record<string, unknown>;
  try {
    const value: unknown = await response.json();
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    doc = value as Record<string, unknown>;
  } catch {
    throw new ProviderError('discovery document is not a JSON object');
  }
  // Discovery §4.3: the document must name the very issuer it was fetched for, or it could vouch for another one's tokens.
  // A difference of only a trailing slash is the configuration's spelling, not another issuer; the document's wins.
  if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/$/, '') !== expectedIssuer.replace(/\/$/, '')) {
    throw new ProviderError(`discovery issuer ${JSON.stringify(doc.issuer)} is not ${expectedIssuer}`);
  }
  const url = (name: string, required: boolean): string | undefined => {
    const value = doc[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || !URL.canParse(value)) throw new ProviderError(`discovery ${name} is missing or not a URL`);
    return value;
  };
  const strings = (name: string, fallback: string[]): string[] => {
    const value = doc[name];
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : fallback;
  };
  return {
    issuer: doc.issuer,
    authorization_endpoint: url('authorization_endpoint', true)!,
    token_endpoint: url('token_endpoint', false),
    jwks_uri: url('jwks_uri', true)!,
    // Discovery §3: RS256 must be supported, so it is the fallback when the list is missing.
    id_token_signing_alg_values_supported: strings('id_token_signing_alg_values_supported', ['RS256']),
    // Discovery §3: client_secret_basic is the default when the list is omitted.
    token_endpoint_auth_methods_supported: strings('token_endpoint_auth_methods_supported', ['client_secret_basic']),
  };
}
