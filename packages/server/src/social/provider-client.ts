// One configured provider at run time: its discovery document and JWKS (lazily fetched, cached), token checks and code exchange.
import { createRemoteJWKSet, customFetch, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { fetchDiscovery, parseDiscovery, type ProviderMetadata } from './discovery.js';
import { verifyIdToken, type IdTokenClaims } from './id-token.js';
import { ProviderError } from './provider-error.js';
import type { ResolvedSocialProvider } from './social-config.js';
import { GOOGLE_ISSUER } from './social-config.js';
import { parseTokenResponse, requestToken, type CodeGrant } from './token-exchange.js';

export interface ProviderClientOptions {
  fetch: typeof fetch;
  /** Epoch milliseconds. */
  now: () => number;
  /** Per request to the provider. @default 5000 */
  timeoutMs?: number;
  /** How long a discovery document is trusted before it is read again. @default 86_400_000 (a day) */
  discoveryMaxAgeMs?: number;
  /** After a failed discovery, requests in this window fail at once instead of calling the provider again. @default 5000 */
  discoveryRetryMs?: number;
  /**
   * An unknown `kid` refetches the JWKS (key rotation), at most once per this window, so tokens with made-up
   * kids cannot make us hammer the provider. @default 30000
   */
  jwksCooldownMs?: number;
}

export interface ProviderClient {
  readonly provider: ResolvedSocialProvider;
  /** The discovery document; throws ProviderError when the provider is down or answers garbage. */
  metadata: () => Promise<ProviderMetadata>;
  /** Validates an ID token (OIDC Core §3.1.3.7) with the provider's published keys. */
  verify: (idToken: string, nonce?: string) => Promise<IdTokenClaims>;
  /** Redeems an authorization code with PKCE and the client secret; returns the unverified ID token. */
  exchange: (grant: CodeGrant) => Promise<string>;
}

export function createProviderClient(provider: ResolvedSocialProvider, options: ProviderClientOptions): ProviderClient {
  const {
    fetch: fetchImpl,
    now,
    timeoutMs = 5000,
    discoveryMaxAgeMs = 86_400_000,
    discoveryRetryMs = 5000,
    jwksCooldownMs = 30_000,
  } = options;
  let discovery: { promise: Promise<ProviderMetadata>; fetchedAt: number } | undefined;
  let failedAt: number | undefined;
  let jwks: { uri: string; getKey: JWTVerifyGetKey } | undefined;

  function metadata(): Promise<ProviderMetadata> {
    const at = now();
    if (discovery && at - discovery.fetchedAt < discoveryMaxAgeMs) return discovery.promise;
    if (failedAt !== undefined && at - failedAt < discoveryRetryMs)
      return Promise.reject(new ProviderError('discovery failed moments ago; waiting before retrying'));
    // Single flight: concurrent sign-ins share one request.
    const promise = fetchDiscovery(provider.issuer, fetchImpl, timeoutMs).then((response) => parseDiscovery(provider.issuer, response));
    const entry = { promise, fetchedAt: at };
    discovery = entry;
    promise.then(
      () => (failedAt = undefined),
      () => {
        // Not cached: the next request after the retry window asks again.
        if (discovery === entry) discovery = undefined;
        failedAt = now();
      },
    );
    return promise;
  }

  function keysFor(meta: ProviderMetadata): JWTVerifyGetKey {
    if (jwks?.uri === meta.jwks_uri) return jwks.getKey;
    const remote = createRemoteJWKSet(new URL(meta.jwks_uri), {
      cooldownDuration: jwksCooldownMs,
      timeoutDuration: timeoutMs,
      [customFetch]: (url, init) => fetchImpl(url, init),
    });
    const getKey: JWTVerifyGetKey = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        // A key the set does not have is the token's problem; failing to get the set at all is the provider's.
        if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) throw error;
        throw new ProviderError(`JWKS request failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    jwks = { uri: meta.jwks_uri, getKey };
    return getKey;
  }

  return {
    provider,
    metadata,
    async verify(idToken, nonce) {
      const meta = await metadata();
      // Google documents ID tokens with either spelling of its issuer.
      const issuers = meta.issuer === GOOGLE_ISSUER ? [meta.issuer, 'accounts.google.com'] : [meta.issuer];
      return verifyIdToken(idToken, keysFor(meta), {
        issuers,
        clientId: provider.clientId,
        algorithms: meta.id_token_signing_alg_values_supported,
        now: now(),
        nonce,
      });
    },
    async exchange(grant) {
      const meta = await metadata();
      if (!meta.token_endpoint) throw new ProviderError('provider has no token_endpoint');
      const credentials = {
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        authMethods: meta.token_endpoint_auth_methods_supported,
      };
      return parseTokenResponse(await requestToken(meta.token_endpoint, grant, credentials, fetchImpl, timeoutMs));
    },
  };
}
