// Social sign-in, composed: the provider's proof (provider-proof.ts: nonces, the ID token verified, replays refused),
// the account it leads to (account-resolution.ts: the linking rules), then the session or the MFA step.
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { assertMaySignIn } from '../email-verification/verification-gate.js';
import { TesseraError } from '../errors.js';
import type { EventRecorder } from '../events/event-recorder.js';
import type { HookRunner } from '../hooks/hook-runner.js';
import type { AmrValue } from '../reauth/amr.js';
import { isUniqueViolation, type UserRow, type UserStore } from '../users/user-store.js';
import { createAccountResolution, type Client } from './account-resolution.js';
import { createIdentityStore, type IdentityStore } from './identity-store.js';
import type { ProviderClientOptions } from './provider-client.js';
import { createProviderProof, type ProviderInfo, type SocialCredential } from './provider-proof.js';

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
  const identities = createIdentityStore(db, dialect, config.now, (work) => events.transaction(work));
  const proof = createProviderProof(db, config, clientOptions);
  const accounts = createAccountResolution({ config, identities, users, hooks, events });

  return {
    identities,
    list: () => proof.list(),
    assertConfigured: (providerId) => proof.assertConfigured(providerId),
    issueNonce: (providerId) => proof.issueNonce(providerId),

    async signIn(providerId, credential, client, begin) {
      const claims = await proof.verifiedClaims(providerId, credential);

      let account: { user: UserRow; created: boolean };
      try {
        account = await accounts.resolve(providerId, claims, client);
      } catch (error) {
        // Lost a race with a concurrent first sign-in (same identity or same email): the second look sees its result.
        if (!(isUniqueViolation(error) || (error instanceof TesseraError && error.code === 'email_taken'))) throw error;
        account = await accounts.resolve(providerId, claims, client);
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
      await accounts.linkToSignedIn(userId, providerId, await proof.verifiedClaims(providerId, credential), client);
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
