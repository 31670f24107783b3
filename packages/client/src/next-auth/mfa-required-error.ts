// How next-auth v4 tells the page that a sign-in needs its second factor. v4's only channel from authorize() (or the
// signIn callback) to `signIn(..., { redirect: false })` is the thrown error's message, which comes back as
// `result.error` (and as `?error=` on a redirect), so the MFA challenge rides in it: `mfa_required:<base64url JSON>`.
import { fromBase64Url, toBase64Url } from '../passkeys/base64url.js';
import { isMfaChallenge, type MfaChallenge } from '../mfa-challenge.js';

const PREFIX = 'mfa_required:';

/** The error authorize() throws for an MFA challenge: no session is created; the page reads it with `mfaChallengeOf`. */
export function mfaRequiredError(challenge: MfaChallenge): Error {
  return new Error(PREFIX + toBase64Url(new TextEncoder().encode(JSON.stringify(challenge))));
}

/**
 * The MFA challenge in a next-auth sign-in error, or null when the error is anything else. Finish the sign-in with the
 * `tessera-mfa` provider (docs/next-auth.md).
 * @example
 * const result = await signIn('credentials', { email, password, redirect: false });
 * const challenge = mfaChallengeOf(result?.error);
 * if (challenge) await signIn('tessera-mfa', { mfa_token: challenge.mfaToken, method: 'totp', code, redirect: false });
 */
export function mfaChallengeOf(error: string | null | undefined): MfaChallenge | null {
  if (!error?.startsWith(PREFIX)) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(fromBase64Url(error.slice(PREFIX.length))));
    return isMfaChallenge(value) && typeof value.mfaToken === 'string' && Array.isArray(value.methods) ? value : null;
  } catch {
    return null;
  }
}
