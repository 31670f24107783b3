// Social sign-in: hand out nonces, get and verify the ID token, refuse replays, apply the linking rules, start a session.
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { assertMaySignIn } from '../email-verification/verification-gate.js';
import { TesseraError } from '../errors.js';
import type { EventRecorder } from '../events/event-recorder.js';
import type { HookRunner } from '../hooks/hook-runner.js';
import type { AmrValue } from '../reauth/amr.js';
import { createUserStore, isUniqueViolation, type UserRow, type UserStore } from '../users/user-store.js';
import { decideExplicitLink, decideLinking } from './account-linking.js';
import type { IdTokenClaims } from './id-token.js';
import { createIdentityStore, type IdentityStore } from './identity-store.js';
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

/**
 * What follows the provider's proof: the route hands in mfa/sign-in-step.ts's beginSignIn (a session, or the MFA
 * step). A parameter rather than an import: the sign-in step needs the whole core, which is built from this module.
 */
export type BeginSignIn<TStep> = (
  user: UserRow,
  client: { userAgent: string | null; ip: string },
  amr: readonly AmrValue[],
) => Promise<TStep>;

/** A user with the providers linked to it: the user object of /me and of linking. */
export interface LinkedUser {
  user: UserRow;
  providers: string[];
}

export interface SocialLogin {
  readonly identities: IdentityStore;
  /** The configured providers, for the front end's buttons. */
  list(): Promise<ProviderInfo[]>;
  /** Throws 404 `provider_not_configured` for an id no provider has. */
  assertConfigured(providerId: string): void;
  /** A nonce to put in the authentication request of an ID token sign-in (issue 10 item 8). */
  issueNonce(providerId: string): Promise<{ nonce: string; expiresIn: number }>;
  /** What `begin` answers, and whether this sign-in created the account. */
  signIn<TStep extends object>(
    providerId: string,
    credential: SocialCredential,
    client: { userAgent: string | null; ip: string },
    begin: BeginSignIn<TStep>,
  ): Promise<TStep & { created: boolean }>;
  /**
   * Links the identity the credential proves to a signed-in user (the caller checks the recent authentication).
   * Throws `account_exists` when the identity is another account's or the user has one at that provider already.
   */
  link(userId: string, providerId: string, credential: SocialCredential, client?: Client): Promise<LinkedUser>;
  /** Throws `not_found` when the provider is not linked and `last_sign_in_method` when it is the only way in. */
  unlink(userId: string, providerId: string, client?: Client): Promise<void>;
}

type Client = { userAgent: string | null; ip: string | null };

export interface SocialLoginDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  config: ResolvedConfig;
  users: UserStore;
  /** beforeRegister and afterRegister run around a first sign-in's account creation. */
  hooks: HookRunner;
  /** Security events: sign-ins, accounts created, identities linked and unlinked, each in its change's transaction. */
  events: EventRecorder;
  /** Timeouts and cache windows of the provider clients (tests shorten them). */
  clientOptions?: Partial<ProviderClientOptions>;
}

export function createSocialLogin({ db, dialect, config, users, hooks, events, clientOptions }: SocialLoginDeps): SocialLogin {
  const { now, logger } = config;
  const identities = createIdentityStore(db, dialect, now, (work) => events.transaction(work));
  /** The identity.linked event of a link, written in the link's transaction. */
  const linkedEvent = (userId: string, provider: string, client: Client | undefined, automatic: boolean) => async (trx: Kysely<Database>) =>
    events.record(trx, {
      type: 'identity.linked',
      userId,
      ip: client?.ip ?? null,
      userAgent: client?.userAgent ?? null,
      detail: { provider, ...(automatic ? { automatic } : {}) },
    });
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

  /** The claims of the ID token the credential gives (redeeming a code first), its nonce used up. */
  async function verifiedClaims(providerId: string, credential: SocialCredential): Promise<IdTokenClaims> {
    const provider = clientOf(providerId);
    const claims = await callProvider(providerId, async () => {
      const idToken = 'idToken' in credential ? credential.idToken : await provider.exchange(credential);
      return provider.verify(idToken, credential.nonce);
    });
    await checkNonce(providerId, 'idToken' in credential ? 'id_token' : 'code', claims.nonce);
    return claims;
  }

  /**
   * Links an identity to a signed-in user. A concurrent link of the same identity fails on its unique key, and one of
   * another sub at this provider is seen under the user's lock; either way, a second look decides with it in view.
   */
  async function linkToSignedIn(
    userId: string,
    providerId: string,
    claims: IdTokenClaims,
    client: Client | undefined,
    retried = false,
  ): Promise<void> {
    const { identity, userHasOther } = await identities.linkStateOf(userId, providerId, claims.sub);
    const decision = decideExplicitLink({ userId, identity, userHasProviderIdentity: userHasOther });
    if (decision.action === 'refuse') throw new TesseraError(decision.code, decision.detail);
    if (decision.action === 'already_linked') return;
    let linked: 'linked' | 'provider_linked';
    try {
      linked = await identities.linkToUser(
        { userId, provider: providerId, subject: claims.sub, email: claims.email?.toLowerCase() ?? null },
        linkedEvent(userId, providerId, client, false),
      );
    } catch (error) {
      if (retried || !isUniqueViolation(error)) throw error;
      linked = 'provider_linked';
    }
    if (linked === 'provider_linked') return linkToSignedIn(userId, providerId, claims, client, true);
    logger.info('social identity linked by its signed-in user', { provider: providerId, user: userId });
  }

  /**
   * One attempt at the linking rules. A concurrent first sign-in of the same person makes it fail on a unique key; a
   * concurrent link of another sub at this provider is seen under the user's lock and answers the rules' refusal.
   */
  async function resolveAccount(providerId: string, claims: IdTokenClaims, client: Client): Promise<{ user: UserRow; created: boolean }> {
    let identity = await identities.find(providerId, claims.sub);
    const userWithEmail = !identity && claims.email ? await users.findByEmail(claims.email) : undefined;
    let userWithEmailHasProviderIdentity = false;
    if (userWithEmail) {
      // Read again with the account's other identities in one statement: a concurrent sign-in of the same person
      // (a double click) may have linked this identity since the first read, and must then be seen as this identity,
      // not as "another identity from this provider".
      const state = await identities.linkStateOf(userWithEmail.id, providerId, claims.sub);
      identity = state.identity;
      userWithEmailHasProviderIdentity = state.userHasOther;
    }
    const decision = decideLinking({
      identity,
      userWithEmail,
      userWithEmailHasProviderIdentity,
      claims,
      linkVerifiedEmails: config.social.linkVerifiedEmails,
    });
    const email = claims.email?.toLowerCase() ?? null;

    switch (decision.action) {
      case 'refuse':
        throw new TesseraError(decision.code, decision.detail);
      case 'sign_in': {
        const user = await users.findById(decision.userId);
        if (!user) throw new TesseraError('invalid_id_token', 'The linked account no longer exists');
        await identities.touch(decision.identityId, email);
        return { user, created: false };
      }
      case 'link': {
        // The account's own email was verified, so the password (if any) and its sessions stay: nothing is distrusted.
        // Written under the user's lock: a concurrent link of another sub at this provider is refused, not doubled.
        const linked = await identities.linkToUser(
          { userId: decision.userId, provider: providerId, subject: claims.sub, email },
          linkedEvent(decision.userId, providerId, client, true),
        );
        // Another sub at this provider was linked meanwhile: a second look sees it and answers the rules' refusal.
        if (linked === 'provider_linked') return resolveAccount(providerId, claims, client);
        logger.info('social identity linked to the existing account with the same verified email', {
          provider: providerId,
          user: decision.userId,
        });
        return { user: (await users.findById(decision.userId))!, created: false };
      }
      case 'create': {
        // The application may refuse the account (a domain allowlist): nothing is written then.
        await hooks.beforeRegister({
          email: claims.email!.toLowerCase(),
          name: claims.name ?? null,
          method: 'social',
          provider: providerId,
          custom: {},
        });
        const user = await events.transaction(async (trx) => {
          const created = await createUserStore(trx, config).insert({
            email: claims.email!,
            passwordHash: null,
            name: claims.name ?? null,
            emailVerified: claims.emailVerified,
          });
          await identities.insert(trx, { userId: created.id, provider: providerId, subject: claims.sub, email });
          await events.record(trx, {
            type: 'user.registered',
            userId: created.id,
            ip: client.ip,
            userAgent: client.userAgent,
            detail: { method: 'social', provider: providerId },
          });
          return created;
        });
        return { user, created: true };
      }
    }
  }

  return {
    identities,

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

    async signIn(providerId, credential, client, begin) {
      const claims = await verifiedClaims(providerId, credential);

      let account: { user: UserRow; created: boolean };
      try {
        account = await resolveAccount(providerId, claims, client);
      } catch (error) {
        // Lost a race with a concurrent first sign-in (same identity or same email): the second look sees its result.
        if (!(isUniqueViolation(error) || (error instanceof TesseraError && error.code === 'email_taken'))) throw error;
        account = await resolveAccount(providerId, claims, client);
      }

      // EMAIL_VERIFICATION=required: an account found through a linked identity may still have an unproved address.
      assertMaySignIn(config, account.user);
      try {
        const started = await begin(account.user, client, ['fed']);
        if (account.created) await hooks.afterRegister(users.toPublic(account.user));
        return { ...started, created: account.created };
      } catch (error) {
        // Nothing half-written: an account this request created goes again (its identity cascades).
        if (account.created) await db.deleteFrom('users').where('id', '=', account.user.id).execute();
        throw error;
      }
    },

    async link(userId, providerId, credential, client) {
      await linkToSignedIn(userId, providerId, await verifiedClaims(providerId, credential), client);
      const user = await users.findById(userId);
      if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
      return { user, providers: await identities.providersOf(userId) };
    },

    async unlink(userId, providerId, client) {
      const result = await identities.unlink(userId, providerId, {
        emailSignIn: config.email.enabled,
        onUnlinked: (trx) =>
          events.record(trx, {
            type: 'identity.unlinked',
            userId,
            ip: client?.ip ?? null,
            userAgent: client?.userAgent ?? null,
            detail: { provider: providerId },
          }),
      });
      if (result === 'not_linked') throw new TesseraError('not_found', `No ${providerId} sign-in is linked to this account`);
      if (result === 'last_sign_in_method') {
        throw new TesseraError(
          'last_sign_in_method',
          `${providerId} is the only way to sign in to this account; set a password or link another provider first`,
        );
      }
    },
  };
}
