// The MFA step of a sign-in: what login() answers instead of a session when the account has a second factor, and
// the proof that finishes it (POST /auth/mfa/verify).
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from './passkeys/webauthn-json.js';

/** A second factor the server can ask for. */
export type MfaMethod = 'totp' | 'webauthn' | 'recovery_code';

/**
 * What `login()` resolves instead of the user when the password was right but the account has a second factor: no
 * session yet, in no tab. Finish with `verifyMfa()`; `isMfaChallenge()` tells it from a user.
 * @example
 * const result = await auth.login({ email, password });
 * if (isMfaChallenge(result)) showCodeStep(result); // later: await auth.verifyMfa({ mfaToken: result.mfaToken, method: 'totp', code })
 */
export interface MfaChallenge {
  readonly mfaRequired: true;
  /** Proves the password step; lives 5 minutes, allows 5 attempts, and only works from the client that logged in. */
  readonly mfaToken: string;
  /** The factors the user can answer with, e.g. `['totp', 'webauthn', 'recovery_code']`. */
  readonly methods: readonly MfaMethod[];
  /** When `methods` has `webauthn`: the request options to sign (`passkeyAssertion` from `@tessera/client/passkeys`). */
  readonly webauthnOptions?: PublicKeyCredentialRequestOptionsJSON | undefined;
}

/** The answer to an MfaChallenge: a 6-digit TOTP code or a recovery code, or a signed WebAuthn assertion. */
export type MfaProof =
  | { mfaToken: string; method: 'totp' | 'recovery_code'; code: string }
  | { mfaToken: string; method: 'webauthn'; response: AuthenticationResponseJSON };

/** Tells `login()`'s MFA step from a signed-in user. */
export const isMfaChallenge = (value: unknown): value is MfaChallenge => (value as MfaChallenge | null)?.mfaRequired === true;
