// The types of the Security page, the MFA step and the "confirm it's you" prompt. Both sections implement SecurityApi
// over a fetch carrying the session's Bearer token (api-fetch-security.ts).
import type { MfaStatus, Passkey as ListedPasskey, TotpSetup } from '@tessera/client/account';

export type { MfaStatus, TotpSetup };

/** A passkey as GET /auth/passkeys lists it (the SDK's type, with the field the passkeys card shows). */
export type Passkey = ListedPasskey & { last_used_at: string | null };

/** How a signed-in user proves it is them again (POST /auth/reauthenticate). */
export type ReauthProof = { password: string } | { totp: string } | { passkey: true };

/** The second step's proof: a code (TOTP or recovery), or the passkey ceremony, which the section runs itself. */
export type MfaStepProof = { method: 'totp' | 'recovery_code'; code: string } | { method: 'webauthn' };

/** The signed-in user's security settings (every call that changes them may ask for a recent sign-in first). */
export interface SecurityApi {
  /** What is on; readable before enrolment too. */
  mfaStatus(): Promise<MfaStatus>;
  setupTotp(): Promise<TotpSetup>;
  /** Activates TOTP; answers the 10 recovery codes, shown once. */
  confirmTotp(code: string): Promise<string[]>;
  disableTotp(): Promise<void>;
  regenerateRecoveryCodes(): Promise<string[]>;
  listPasskeys(): Promise<Passkey[]>;
  /** Runs the browser's passkey creation and registers the result under `name`. */
  addPasskey(name: string): Promise<Pick<Passkey, 'id' | 'name' | 'created_at'>>;
  renamePasskey(id: string, name: string): Promise<void>;
  removePasskey(id: string): Promise<void>;
}
