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
  /**
   * `distrustPassword`: the account's email was never verified, so whoever set its password may not own the
   * address (account pre-hijacking); the provider just proved the signer does. The password is removed and
   * the account's other sessions are revoked.
   */
  | { action: 'link'; userId: string; distrustPassword: boolean }
  | { action: 'create' }
  | { action: 'refuse'; code: Extract<ErrorCode, 'account_exists' | 'invalid_id_token'>; detail: string };

/**
 * OIDC Core §5.7: only iss + sub identify a user; an email is trusted to join accounts only when the provider
 * vouches for it (`email_verified: true`) and the server allows it.
 */
export function decideLinking({ identity, userWithEmail, claims, linkVerifiedEmails }: LinkingInput): LinkingDecision {
  if (identity) return { action: 'sign_in', userId: identity.user_id, identityId: identity.id };
  if (!claims.email)
    return { action: 'refuse', code: 'invalid_id_token', detail: 'The provider did not share an email address; request the email scope' };
  if (!userWithEmail) return { action: 'create' };
  if (!claims.emailVerified) {
    return {
      action: 'refuse',
      code: 'account_exists',
      detail: 'An account with this email exists, and the provider has not verified the email; sign in with your password',
    };
  }
  if (!linkVerifiedEmails) {
    return { action: 'refuse', code: 'account_exists', detail: 'An account with this email exists; sign in with your password' };
  }
  return { action: 'link', userId: userWithEmail.id, distrustPassword: userWithEmail.email_verified !== 1 };
}
