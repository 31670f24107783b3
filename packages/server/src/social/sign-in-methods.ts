// The "last way to sign in" rule of unlinking, as a plain function over what the account has.

export interface SignInMethods {
  hasPassword: boolean;
  /** Identities at providers other than the one being unlinked. */
  otherIdentities: number;
  emailVerified: boolean;
  /** ACCOUNT_EMAILS: the mailed flows (passwordless sign-in, password reset) are on. */
  emailSignIn: boolean;
  /** Passkeys left after the removal (passkeys/): each signs in on its own. @default 0 */
  passkeys?: number;
}

/**
 * True when removing an identity leaves the account no way in, so the unlink is refused (409 `last_sign_in_method`).
 *
 * A verified email counts as a way in while ACCOUNT_EMAILS is on: POST /auth/email/sign-in mails a magic link and a
 * code to it, and a password reset sets a first password for an account without one. Refusing the unlink would
 * protect nothing (whoever reads the mailbox gets in either way) and would push a passwordless user into choosing a
 * password only to remove a provider. An unverified address does not count: nobody showed it receives mail (a typo,
 * or an account from before the verification rules), so relying on it could lock the owner out. Turning
 * ACCOUNT_EMAILS off later takes this way away; such accounts are then reachable through support only.
 */
export function isLastSignInMethod({ hasPassword, otherIdentities, emailVerified, emailSignIn, passkeys = 0 }: SignInMethods): boolean {
  return !hasPassword && otherIdentities === 0 && passkeys === 0 && !(emailSignIn && emailVerified);
}
