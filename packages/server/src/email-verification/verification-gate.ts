// EMAIL_VERIFICATION=required: no session starts or continues for an unverified address. One check for every door
// (password login, refresh, social sign-in), each calling it only after the caller proved who they are, so the
// 403 says nothing to someone who does not hold the password or the token.
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';

/** True when this deployment refuses sessions to users whose email is not verified. */
export const verificationRequired = (config: Pick<ResolvedConfig, 'email'>): boolean => config.email.verification === 'required';

/** Throws 403 `email_unverified` when EMAIL_VERIFICATION=required and the user's email is not verified. */
export function assertMaySignIn(config: Pick<ResolvedConfig, 'email'>, user: { email_verified: number }): void {
  if (verificationRequired(config) && user.email_verified !== 1) {
    throw new TesseraError(
      'email_unverified',
      'Confirm your email address first: open the link we mailed you, or ask for a new one with POST /auth/email/verify/request',
    );
  }
}
