// The account side of a social sign-in: which account a verified identity belongs to (signing in, linking by a
// verified email, or creating one), and linking an identity to a signed-in user. The rules are account-linking.ts's
// plain functions; this module reads what they need and writes what they decide, safe against concurrent requests.
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { TesseraError } from '../errors.js';
import type { EventRecorder } from '../events/event-recorder.js';
import type { HookRunner } from '../hooks/hook-runner.js';
import { createUserStore, isUniqueViolation, type UserRow, type UserStore } from '../users/user-store.js';
import { decideExplicitLink, decideLinking } from './account-linking.js';
import type { IdTokenClaims } from './id-token.js';
import type { IdentityStore } from './identity-store.js';

export type Client = { userAgent: string | null; ip: string | null };

/** The address an identity row keeps: the provider's, lower-cased (null when the provider gave none). */
const emailOf = (claims: IdTokenClaims) => claims.email?.toLowerCase() ?? null;

export interface AccountResolution {
  /**
   * One attempt at the linking rules for a sign-in: the account the identity is linked to, or the one it was just
   * linked to by its verified email, or a new one. A concurrent first sign-in of the same person makes it fail on a
   * unique key (or `email_taken`); the caller tries once more, and the second look sees that sign-in's result.
   */
  resolve(providerId: string, claims: IdTokenClaims, client: Client): Promise<{ user: UserRow; created: boolean }>;
  /** Links an identity to a signed-in user; throws `account_exists` when the rules refuse it. */
  linkToSignedIn(userId: string, providerId: string, claims: IdTokenClaims, client: Client | undefined): Promise<void>;
}

export interface AccountResolutionDeps {
  config: ResolvedConfig;
  identities: IdentityStore;
  users: UserStore;
  hooks: HookRunner;
  events: EventRecorder;
}

export function createAccountResolution({ config, identities, users, hooks, events }: AccountResolutionDeps): AccountResolution {
  const { logger } = config;

  /** The identity.linked event of a link, written in the link's transaction. */
  const linkedEvent = (userId: string, provider: string, client: Client | undefined, automatic: boolean) => async (trx: Kysely<Database>) =>
    events.record(trx, {
      type: 'identity.linked',
      userId,
      ip: client?.ip ?? null,
      userAgent: client?.userAgent ?? null,
      detail: { provider, ...(automatic ? { automatic } : {}) },
    });

  /**
   * A concurrent link of the same identity fails on its unique key, and one of another sub at this provider is seen
   * under the user's lock; either way, a second look decides with it in view.
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
        { userId, provider: providerId, subject: claims.sub, email: emailOf(claims) },
        linkedEvent(userId, providerId, client, false),
      );
    } catch (error) {
      if (retried || !isUniqueViolation(error)) throw error;
      linked = 'provider_linked';
    }
    if (linked === 'provider_linked') return linkToSignedIn(userId, providerId, claims, client, true);
    logger.info('social identity linked by its signed-in user', { provider: providerId, user: userId });
  }

  /** A first sign-in: the application's hook may refuse it, else the user, the identity and the event commit together. */
  async function createAccount(providerId: string, claims: IdTokenClaims, client: Client): Promise<UserRow> {
    // The application may refuse the account (a domain allowlist): nothing is written then.
    await hooks.beforeRegister({
      email: claims.email!.toLowerCase(),
      name: claims.name ?? null,
      method: 'social',
      provider: providerId,
      custom: {},
    });
    return events.transaction(async (trx) => {
      const created = await createUserStore(trx, config).insert({
        email: claims.email!,
        passwordHash: null,
        name: claims.name ?? null,
        emailVerified: claims.emailVerified,
      });
      await identities.insert(trx, { userId: created.id, provider: providerId, subject: claims.sub, email: emailOf(claims) });
      await events.record(trx, {
        type: 'user.registered',
        userId: created.id,
        ip: client.ip,
        userAgent: client.userAgent,
        detail: { method: 'social', provider: providerId },
      });
      return created;
    });
  }

  /**
   * A concurrent link of another sub at this provider is seen under the user's lock and answers the rules' refusal.
   */
  async function resolve(providerId: string, claims: IdTokenClaims, client: Client): Promise<{ user: UserRow; created: boolean }> {
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

    switch (decision.action) {
      case 'refuse':
        throw new TesseraError(decision.code, decision.detail);
      case 'sign_in': {
        const user = await users.findById(decision.userId);
        if (!user) throw new TesseraError('invalid_id_token', 'The linked account no longer exists');
        await identities.touch(decision.identityId, emailOf(claims));
        return { user, created: false };
      }
      case 'link': {
        // The account's own email was verified, so the password (if any) and its sessions stay: nothing is distrusted.
        // Written under the user's lock: a concurrent link of another sub at this provider is refused, not doubled.
        const linked = await identities.linkToUser(
          { userId: decision.userId, provider: providerId, subject: claims.sub, email: emailOf(claims) },
          linkedEvent(decision.userId, providerId, client, true),
        );
        // Another sub at this provider was linked meanwhile: a second look sees it and answers the rules' refusal.
        if (linked === 'provider_linked') return resolve(providerId, claims, client);
        logger.info('social identity linked to the existing account with the same verified email', {
          provider: providerId,
          user: decision.userId,
        });
        return { user: (await users.findById(decision.userId))!, created: false };
      }
      case 'create':
        return { user: await createAccount(providerId, claims, client), created: true };
    }
  }

  return {
    resolve,
    linkToSignedIn: (userId, providerId, claims, client) => linkToSignedIn(userId, providerId, claims, client),
  };
}
