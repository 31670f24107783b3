// The linking rules, as plain functions: which user a verified ID token signs in, links to, or creates, and whether a
// signed-in user may link it on purpose.
import type { ErrorCode } from '../errors.js';

export interface LinkingInput {
  /** The identity already linked to (provider, sub), if any. */
  identity: { id: string; user_id: string } | undefined;
  /** The user whose email equals the token's email, if any (looked up only without an identity). */
  userWithEmail: { id: string; email_verified: number } | undefined;
  /** Whether `userWithEmail` has an identity (another `sub`) at this provider already. */
  userWithEmailHasProviderIdentity: boolean;
  claims: { email: string | undefined; emailVerified: boolean };
  /** SOCIAL_LINK_VERIFIED_EMAILS. */
  linkVerifiedEmails: boolean;
}

export type LinkingDecision =
  | { action: 'sign_in'; userId: string; identityId: string }
  /** Joins an account whose own email was verified before; nothing else about the account changes. */
  | { action: 'link'; userId: string }
  /** A new account whose email the provider verified. */
  | { action: 'create' }
  | { action: 'refuse'; code: Extract<ErrorCode, 'account_exists' | 'invalid_id_token' | 'email_not_verified'>; detail: string };

/**
 * OIDC Core §5.7: only iss + sub identify a user; an email is trusted only when the provider vouches for it
 * (`email_verified: true`). Issue 10 item 1: an address nobody proved never creates or joins an account (else an
 * attacker's provider account claiming the victim's address becomes a key to the victim's account), and a proven
 * address joins only an account whose own address was proven too (else the account may be a squatter's, with a
 * password or another identity the squatter keeps).
 */
export function decideLinking({
  identity,
  userWithEmail,
  userWithEmailHasProviderIdentity,
  claims,
  linkVerifiedEmails,
}: LinkingInput): LinkingDecision {
  if (identity) return { action: 'sign_in', userId: identity.user_id, identityId: identity.id };
  if (!claims.email)
    return { action: 'refuse', code: 'invalid_id_token', detail: 'The provider did not share an email address; request the email scope' };
  // Checked before looking at accounts, so the answer is the same whether the address is registered or not.
  if (!claims.emailVerified) {
    return {
      action: 'refuse',
      code: 'email_not_verified',
      detail: 'The provider has not verified this email address; verify it with the provider, or sign up with a password',
    };
  }
  if (!userWithEmail) return { action: 'create' };
  if (!linkVerifiedEmails) {
    return {
      action: 'refuse',
      code: 'account_exists',
      detail: 'An account with this email exists; sign in to it first, then link this provider',
    };
  }
  if (userWithEmail.email_verified !== 1) {
    return {
      action: 'refuse',
      code: 'account_exists',
      detail: 'An account with this email exists and its address is not verified; sign in to it first, then link this provider',
    };
  }
  // Issue 12: a second sub at the same provider with the account's address is another person at that provider, not
  // the owner again: providers recycle addresses (an employee leaves, the address goes to a successor; a deleted
  // account's address is freed). The owner's own identity would have been found above by its sub.
  if (userWithEmailHasProviderIdentity) {
    return {
      action: 'refuse',
      code: 'account_exists',
      detail: 'An account with this email exists and has another identity from this provider; sign in to it first, then link this provider',
    };
  }
  return { action: 'link', userId: userWithEmail.id };
}

export interface ExplicitLinkInput {
  /** The signed-in user who asks to link. */
  userId: string;
  /** The identity already linked to (provider, sub), if any. */
  identity: { user_id: string } | undefined;
  /** Whether the user has an identity (any sub) at this provider already. */
  userHasProviderIdentity: boolean;
}

export type ExplicitLinkDecision =
  | { action: 'link' }
  /** The identity is this user's already: answering 200 again makes a retried request harmless. */
  | { action: 'already_linked' }
  | { action: 'refuse'; code: Extract<ErrorCode, 'account_exists'>; detail: string };

/**
 * POST /auth/social/:provider/link: a signed-in user with a recent authentication proves both sides (the account by
 * its session, the identity by a fresh ID token with a single-use nonce or a PKCE code), so no email is compared and
 * neither side's `email_verified` matters. What remains: an identity opens one account only (iss + sub, OIDC Core
 * §5.7), and one per provider per account, so "Sign in with Google" always means one Google account.
 * Both refusals are 409 `account_exists`, the code a front end already handles for "this identity cannot join this
 * account"; the detail says which.
 */
export function decideExplicitLink({ userId, identity, userHasProviderIdentity }: ExplicitLinkInput): ExplicitLinkDecision {
  if (identity) {
    if (identity.user_id === userId) return { action: 'already_linked' };
    return {
      action: 'refuse',
      code: 'account_exists',
      detail: 'This provider account is linked to another account; sign in to that account and unlink it there first',
    };
  }
  if (userHasProviderIdentity) {
    return {
      action: 'refuse',
      code: 'account_exists',
      detail: 'Another account of this provider is linked already; unlink it first, then link this one',
    };
  }
  return { action: 'link' };
}
