// The types of the Security page, the MFA step and the "confirm it's you" prompt. Both sections implement SecurityApi
// over a fetch carrying the session's Bearer token (api-fetch-security.ts).

/** A passkey as GET /auth/passkeys lists it. */
export interface Passkey {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** POST /auth/mfa/totp/setup: not active until a code from it is confirmed. */
export interface TotpSetup {
  secret: string;
  otpauth_uri: string;
}

/** GET /auth/mfa: the account's second factors. */
export interface MfaStatus {
  totp: boolean;
  recovery_codes_remaining: number;
  passkeys: number;
  methods: ('totp' | 'webauthn' | 'recovery_code')[];
}

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
