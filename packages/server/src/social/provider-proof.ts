// The provider's half of a social sign-in: the configured providers' clients, the nonces we hand out, and the ID
// token's claims once the provider's signature, our nonce and (for a code) the exchange have all been checked.
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { TesseraError } from '../errors.js';
import type { IdTokenClaims } from './id-token.js';
import { createNonceStore } from './nonce-store.js';
import { createProviderClient, type ProviderClient, type ProviderClientOptions } from './provider-client.js';
import { ProviderError, toTesseraError } from './provider-error.js';

/** What the front end hands over: an ID token it got itself, or an authorization code for us to redeem (PKCE). */
export type SocialCredential =
  { idToken: string; nonce?: string | undefined } | { code: string; codeVerifier: string; redirectUri: string; nonce?: string | undefined };

export interface ProviderInfo {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  /** null while the provider's discovery document cannot be read. */
  authorization_endpoint: string | null;
}

export interface ProviderProof {
  /** The configured providers, for the front end's buttons. */
  list(): Promise<ProviderInfo[]>;
  /** Throws 404 `provider_not_configured` for an id no provider has. */
  assertConfigured(providerId: string): void;
  /** A nonce to put in the authentication request of an ID token sign-in (issue 10 item 8). */
  issueNonce(providerId: string): Promise<{ nonce: string; expiresIn: number }>;
  /**
   * The claims of the ID token the credential gives (redeeming a code first), its nonce used up. Throws
   * `invalid_id_token`, `provider_not_configured`, or 502 `provider_error` when the provider cannot be reached.
   */
  verifiedClaims(providerId: string, credential: SocialCredential): Promise<IdTokenClaims>;
}

export function createProviderProof(
  db: Kysely<Database>,
  config: ResolvedConfig,
  clientOptions: Partial<ProviderClientOptions> | undefined,
): ProviderProof {
  const { now, logger } = config;
  const nonces = createNonceStore(db, now);
  const clients = new Map<string, ProviderClient>(
    config.social.providers.map((p) => [p.id, createProviderClient(p, { fetch: config.fetch, now, ...clientOptions })]),
  );

  const clientOf = (providerId: string) => {
    const client = clients.get(providerId);
    if (!client) throw new TesseraError('provider_not_configured', `No sign-in provider "${providerId}" is configured`);
    return client;
  };

  /** Runs a step that talks to the provider; its failures become 502 `provider_error`, logged with the reason. */
  async function callProvider<T>(providerId: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      logger.warn('social provider failed', { provider: providerId, reason: error.message });
      throw toTesseraError(providerId);
    }
  }

  /**
   * OIDC Core §15.5.2, issue 10 item 8: an ID token handed to us directly is accepted only with a nonce we issued,
   * and only once; without that, a captured token signs in again and again until it expires. A token from our own
   * code exchange is bound by PKCE and the provider's single-use code instead, so its nonce may be the front end's
   * own; one we issued is used up all the same, so the token cannot be brought back through the ID token path.
   */
  async function checkNonce(providerId: string, path: 'id_token' | 'code', nonce: string | undefined): Promise<void> {
    if (path === 'code') {
      if (nonce !== undefined) await nonces.consume(providerId, nonce);
      return;
    }
    if (nonce === undefined)
      throw new TesseraError('invalid_id_token', `ID token has no nonce; get one from POST /auth/social/${providerId}/nonce first`);
    if (!(await nonces.consume(providerId, nonce)))
      throw new TesseraError('invalid_id_token', 'ID token nonce was not issued by this server, has expired, or was used already');
  }

  return {
    list: () =>
      Promise.all(
        [...clients.values()].map(async ({ provider, metadata }) => {
          const meta = await metadata().catch((error: unknown) => {
            logger.warn('social provider discovery failed', {
              provider: provider.id,
              reason: error instanceof Error ? error.message : String(error),
            });
            return undefined;
          });
          return {
            id: provider.id,
            name: provider.name,
            issuer: provider.issuer,
            client_id: provider.clientId,
            authorization_endpoint: meta?.authorization_endpoint ?? null,
          };
        }),
      ),

    assertConfigured(providerId) {
      clientOf(providerId);
    },

    issueNonce(providerId) {
      clientOf(providerId);
      return nonces.issue(providerId);
    },

    async verifiedClaims(providerId, credential) {
      const provider = clientOf(providerId);
      const claims = await callProvider(providerId, async () => {
        const idToken = 'idToken' in credential ? credential.idToken : await provider.exchange(credential);
        return provider.verify(idToken, credential.nonce);
      });
      await checkNonce(providerId, 'idToken' in credential ? 'id_token' : 'code', claims.nonce);
      return claims;
    },
  };
}
