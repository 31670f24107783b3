// What the Security page, the MFA step and the "confirm it's you" prompt need from a section, as one interface: the
// direct section implements it over its auth client, the next-auth section over its session's access token.

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

/** The second factors a user has, for the Security page and the prompts. */
export interface MfaStatus {
  totp: boolean;
  /** Unused recovery codes left, when the API says. */
  recoveryCodesLeft?: number | undefined;
}

/** How a signed-in user proves it is them again (POST /auth/reauthenticate). */
export type ReauthProof = { password: string } | { totp: string } | { passkey: true };

/** The methods the API offers at the second step of a sign-in. */
export type MfaMethod = 'totp' | 'webauthn' | 'recovery_code';

/** `POST /auth/login` and the other sign-ins answer this instead of a session when a second factor is due. */
export interface MfaChallenge {
  mfaToken: string;
  methods: MfaMethod[];
  /** Request options listing the user's passkeys (the challenge's `webauthn_options`), when one is a method. */
  webauthnOptions?: unknown;
}

/** The second step's proof: a code (TOTP or recovery), or the passkey ceremony, which the section runs itself. */
export type MfaProof = { method: 'totp' | 'recovery_code'; code: string } | { method: 'webauthn' };

/** The signed-in user's security settings (every call that changes them may ask for a recent sign-in first). */
export interface SecurityApi {
  mfaStatus(): Promise<MfaStatus>;
  setupTotp(): Promise<TotpSetup>;
  /** Activates TOTP; answers the 10 recovery codes, shown once. */
  confirmTotp(code: string): Promise<string[]>;
  disableTotp(): Promise<void>;
  regenerateRecoveryCodes(): Promise<string[]>;
  listPasskeys(): Promise<Passkey[]>;
  /** Runs the browser's passkey creation and registers the result under `name`. */
  addPasskey(name: string): Promise<Passkey>;
  renamePasskey(id: string, name: string): Promise<void>;
  removePasskey(id: string): Promise<void>;
}

/**
 * The challenge in a sign-in's answer, or null for a session. Accepts the API's body (`{mfa_required, mfa_token,
 * methods}`) and the SDK's typed challenge.
 */
export function challengeOf(result: unknown): MfaChallenge | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as {
    mfa_required?: boolean;
    mfa_token?: string;
    mfaToken?: string;
    methods?: MfaMethod[];
    webauthn_options?: unknown;
    webauthnOptions?: unknown;
  };
  const mfaToken = r.mfaToken ?? (r.mfa_required ? r.mfa_token : undefined);
  if (!mfaToken) return null;
  return { mfaToken, methods: r.methods ?? ['totp', 'recovery_code'], webauthnOptions: r.webauthnOptions ?? r.webauthn_options };
}
