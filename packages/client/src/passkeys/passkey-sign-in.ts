// The passkey flows of a client, over the server's routes: enrol a passkey, sign in with one (no email typed: the
// credentials are discoverable), and use one for the MFA step or to reauthenticate.
import type { TesseraUser } from '../adapters/tessera.js';
import type { AuthClient } from '../auth-client.js';
import { accountRequest, accountRoutes } from '../account/account-requests.js';
import { AuthError } from '../errors.js';
import type { MfaChallenge } from '../mfa-challenge.js';
import { createPasskey, passkeyAssertion, type PasskeyAssertionOptions } from './passkey-ceremony.js';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from './webauthn-json.js';

/** The part of an AuthClient these calls use; any `createAuthClient(...)` result with the Tessera adapter fits. */
export type PasskeyClient<TUser = TesseraUser> = Pick<AuthClient<TUser, never, never>, 'send' | 'getToken' | 'verifyMfa'>;

/** `POST /auth/passkeys/register/verify`'s answer. */
export interface RegisteredPasskey {
  id: string;
  name: string;
  created_at: string;
}

/** A POST to the Tessera route `path` (under the adapter's base path); `adopt`: its token response signs in. */
const post = (client: PasskeyClient<unknown>, path: string, body: Record<string, unknown>, token?: string | null, adopt?: boolean) =>
  client.send((adapter) => accountRequest(accountRoutes(adapter), path, body, adopt), token, adopt);

/** Fresh request options for a sign-in or reauthentication: a single-use challenge, any of this site's passkeys. */
const loginOptions = (client: PasskeyClient<unknown>) =>
  post(client, '/passkeys/login/options', {}) as Promise<PublicKeyCredentialRequestOptionsJSON>;

/**
 * Enrols a passkey on this device for the signed-in user: options from the server, the browser's prompt, the server's
 * check. Needs a recent sign-in (`reauthentication_required`, then `reauthenticate` and again). Rejects with
 * `passkey_cancelled`, `passkey_exists` (this device already has one of the user's passkeys), `not_supported`.
 * @example await registerPasskey(auth, { name: 'MacBook' })
 */
export async function registerPasskey(client: PasskeyClient<unknown>, { name }: { name?: string } = {}): Promise<RegisteredPasskey> {
  const token = await client.getToken();
  const options = (await post(client, '/passkeys/register/options', {}, token)) as PublicKeyCredentialCreationOptionsJSON;
  const response = await createPasskey(options);
  return (await post(client, '/passkeys/register/verify', name ? { response, name } : { response }, token)) as RegisteredPasskey;
}

/**
 * Signs in with a passkey, no email typed: the browser offers this site's passkeys, and the session is adopted here and
 * in every tab, as after `login`. Rejects with `passkey_cancelled`, `invalid_code` (the server refused the assertion:
 * unknown passkey, replayed challenge, a cloned authenticator's counter), `not_supported`.
 * @example await signInWithPasskey(auth)
 * @example await signInWithPasskey(auth, { mediation: 'conditional', signal }) // autofill
 */
export async function signInWithPasskey<TUser>(client: PasskeyClient<TUser>, options?: PasskeyAssertionOptions): Promise<TUser | null> {
  const response = await passkeyAssertion(await loginOptions(client), options);
  return (await post(client, '/passkeys/login/verify', { response }, null, true)) as TUser | null;
}

/**
 * Reauthenticates with a passkey (before a sensitive change), as `reauthenticate(auth, { webauthn })` does with an
 * assertion of a fresh challenge: the new access token is adopted.
 */
export async function reauthenticateWithPasskey<TUser>(client: PasskeyClient<TUser>): Promise<TUser | null> {
  const webauthn = await passkeyAssertion(await loginOptions(client));
  return (await post(client, '/reauthenticate', { webauthn }, await client.getToken(), true)) as TUser | null;
}

/**
 * Answers an MFA challenge with a passkey: its `webauthnOptions` signed, then `verifyMfa`. Rejects with
 * `not_supported` when the challenge offers no passkey, and as `verifyMfa` and `passkeyAssertion` do.
 */
export async function verifyMfaWithPasskey<TUser>(client: PasskeyClient<TUser>, challenge: MfaChallenge): Promise<TUser | null> {
  const options = challenge.webauthnOptions;
  if (!options) throw new AuthError('not_supported', 'This MFA challenge offers no passkey');
  return client.verifyMfa({ mfaToken: challenge.mfaToken, method: 'webauthn', response: await passkeyAssertion(options) });
}
