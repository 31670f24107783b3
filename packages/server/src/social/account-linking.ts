// The linking rules, as a plain function: which user a verified ID token signs in, links to, or creates.
import type { ErrorCode } from '../errors.js';

export interface LinkingInput {
  /** The identity already linked to (provider, sub), if any. */
  identity: { id: string; user_id: string } | undefined;
  /** The user whose email equals the token's email, if any (looked up only without an identity). */
  userWithEmail: { id: string; email_verified: number } | undefined;
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
export function decideLinking({ identity, userWithEmail, claims, linkVerifiedEmails }: LinkingInput): LinkingDecision {
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
  return { action: 'link', userId: userWithEmail.id };
}
