// The second factors of the signed-in account (issue 15): TOTP enrolment, recovery codes, and the passkeys' list,
// names and removal. Every change needs a recent sign-in: each rejects with `reauthentication_required` when the last
// one is older than REAUTH_MAX_AGE (call `reauthenticate`, then again). Enrolling a passkey is in `/passkeys`.
import type { AccountClient } from './account.js';
import { signedInCall as call } from './account-requests.js';

/** `POST /auth/mfa/totp/setup`'s answer: the secret, and the `otpauth://` URI to show as a QR code. */
export interface TotpSetup {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  otpauth_uri: string;
}

/** `GET /auth/mfa`'s answer: what the account has for a second factor. */
export interface MfaStatus {
  /** An authenticator app is confirmed. */
  totp: boolean;
  recovery_codes_remaining: number;
  passkeys: number;
  /** What the MFA step of a sign-in asks for; empty without a second factor. */
  methods: ('totp' | 'webauthn' | 'recovery_code')[];
}

/** A registered passkey, as `GET /auth/passkeys` lists it; other fields of the server ride along. */
export interface Passkey {
  id: string;
  name: string;
  created_at: string;
  [field: string]: unknown;
}

const codes = (body: unknown) => (body as { recovery_codes: string[] }).recovery_codes;

/**
 * The account's second factors; readable before enrolment, when MFA_REQUIRED holds the user.
 * @example const { totp } = await getMfaStatus(auth); // "On" or "Set up"
 */
export async function getMfaStatus(client: AccountClient<unknown>): Promise<MfaStatus> {
  return (await call(client, '/mfa')) as MfaStatus;
}

/**
 * Starts TOTP enrolment: a new secret, not active until `confirmTotp` proves the app has it.
 * @example const { otpauth_uri } = await setupTotp(auth); // draw it as a QR code
 */
export async function setupTotp(client: AccountClient<unknown>): Promise<TotpSetup> {
  return (await call(client, '/mfa/totp/setup', {})) as TotpSetup;
}

/**
 * Turns TOTP on with a code from the app, and answers the 10 recovery codes: shown once, the server keeps only hashes.
 * Rejects with `invalid_code`.
 * @example const recoveryCodes = await confirmTotp(auth, '123456');
 */
export async function confirmTotp(client: AccountClient<unknown>, code: string): Promise<string[]> {
  return codes(await call(client, '/mfa/totp/confirm', { code }));
}

/** Turns TOTP off. */
export async function disableTotp(client: AccountClient<unknown>): Promise<void> {
  await call(client, '/mfa/totp', undefined, 'DELETE');
}

/** New recovery codes (shown once); the old ones stop working. */
export async function regenerateRecoveryCodes(client: AccountClient<unknown>): Promise<string[]> {
  return codes(await call(client, '/mfa/recovery-codes', {}));
}

/** The user's passkeys. */
export async function listPasskeys(client: AccountClient<unknown>): Promise<Passkey[]> {
  return ((await call(client, '/passkeys')) as { passkeys: Passkey[] }).passkeys;
}

/** Renames a passkey; answers it. Rejects with `not_found`. */
export async function renamePasskey(client: AccountClient<unknown>, id: string, name: string): Promise<Passkey> {
  return (await call(client, `/passkeys/${encodeURIComponent(id)}`, { name }, 'PATCH')) as Passkey;
}

/** Removes a passkey: it signs in nowhere any more. Rejects with `not_found`, `reauthentication_required`. */
export async function deletePasskey(client: AccountClient<unknown>, id: string): Promise<void> {
  await call(client, `/passkeys/${encodeURIComponent(id)}`, undefined, 'DELETE');
}
