// The account calls of issue 12 (reset, verification, email change, email sign-in, reauthentication, linking) as
// functions of a client: they live outside the core so apps that never call them do not ship them.
import { AuthError } from '../errors.js';
import type { MfaChallenge } from '../mfa-challenge.js';
import type { AccountClient } from './account-client.js';
import {
  accountRequest,
  accountRoutes,
  emailSignInBody,
  providerProofBody,
  reauthBody,
  type EmailSignInProof,
  type ProviderProof,
  type ReauthProof,
} from './account-requests.js';

export type { AccountClient } from './account-client.js';

const noop = () => {};

/**
 * One account request. Errors are the server's, as AuthErrors; none of them touches the session: a mailed link's
 * 400 `invalid_token` or `token_expired` is about the link, not about the access token (only `adopt` changes it).
 */
function post<TUser>(
  client: AccountClient<TUser>,
  path: string,
  body: Record<string, unknown>,
  options: { token?: string | null; adopt?: boolean } = {},
): Promise<unknown> {
  return client.send((adapter) => accountRequest(accountRoutes(adapter), path, body, options.adopt), options.token, options.adopt);
}

/** A user as far as telling two apart goes: Tessera's string id (compared as strings, as auth-client does). */
type Identified = { id?: string | number } | null;
const sameUser = (a: unknown, b: unknown) => {
  const id = (a as Identified)?.id;
  return id != null && String(id) === String((b as Identified)?.id);
};

/** When the changed user is the signed-in one, refetch it so this tab and the others show the change now. */
async function synced<TUser>(client: AccountClient<TUser>, user: TUser): Promise<TUser> {
  // Best effort: the change is made; a failed refetch only delays what the UI shows until the next refresh.
  if (sameUser(client.getState().user, user)) await client.getUser().catch(noop);
  return user;
}

/**
 * Mails a password reset link. Resolves the same way for unknown addresses (the server answers 202 always).
 * @example await requestPasswordReset(auth, 'ada@example.com')
 */
export async function requestPasswordReset(client: AccountClient<unknown>, email: string): Promise<void> {
  await post(client, '/password/forgot', { email });
}

/**
 * Sets a new password with the token of the reset link. Every session of the user ends, on every device: sign in again.
 * Rejects with `invalid_token` (used, superseded, wrong) or `token_expired` (ask for a new link), `validation_failed`.
 * @example await resetPassword(auth, new URLSearchParams(location.search).get('token')!, password)
 */
export async function resetPassword(client: AccountClient<unknown>, token: string, newPassword: string): Promise<void> {
  await post(client, '/password/reset', { token, new_password: newPassword });
}

/**
 * Mails a verification link: to the signed-in user's address, or, signed out, to `email` (202 always).
 * @example await requestEmailVerification(auth) // signed in
 */
export async function requestEmailVerification(client: AccountClient<unknown>, email?: string): Promise<void> {
  const token = await client.getToken();
  if (token) await post(client, '/email/verify/request', {}, { token });
  else if (email) await post(client, '/email/verify/request', { email });
  else throw new AuthError('validation_failed', 'Signed out: requestEmailVerification needs the email');
}

/**
 * Verifies the address with the token of the verification link; answers the user (`email_verified: true`).
 * @example const user = await verifyEmail(auth, token)
 */
export async function verifyEmail<TUser>(client: AccountClient<TUser>, token: string): Promise<TUser> {
  return synced(client, (await post(client, '/email/verify', { token })) as TUser);
}

/**
 * Asks to move the signed-in account to `newEmail`: a confirmation goes there, a notice (with a revert link) to the
 * old address. Rejects with `reauthentication_required` when the last sign-in is too old (call `reauthenticate`),
 * `email_taken`, `rate_limited`.
 */
export async function changeEmail(client: AccountClient<unknown>, newEmail: string): Promise<void> {
  await post(client, '/email/change', { new_email: newEmail }, { token: await client.getToken() });
}

/** Confirms an email change with the token mailed to the new address; answers the user with the new, verified email. */
export async function confirmEmailChange<TUser>(client: AccountClient<TUser>, token: string): Promise<TUser> {
  return synced(client, (await post(client, '/email/change/confirm', { token })) as TUser);
}

/**
 * Undoes an email change with the link mailed to the old address; answers the user with the old email. The server
 * ends every session of the user, so a tab signed in as that user signs out (in every tab).
 */
export async function revertEmailChange<TUser>(client: AccountClient<TUser>, token: string): Promise<TUser> {
  const user = (await post(client, '/email/change/revert', { token })) as TUser;
  if (sameUser(client.getState().user, user)) await client.logout().catch(noop);
  return user;
}

/**
 * Mails a magic link and a 6-digit code for a passwordless sign-in (202 always).
 * @example await signInWithEmail(auth, 'ada@example.com')
 */
export async function signInWithEmail(client: AccountClient<unknown>, email: string): Promise<void> {
  await post(client, '/email/sign-in', { email });
}

/**
 * Finishes an email sign-in with the magic link's token or the mailed code: the session is adopted here and in every
 * tab, as after `login`; or, for an account with a second factor, resolves its MfaChallenge, as `login` does (finish
 * with `client.verifyMfa`). Rejects with `invalid_token`/`token_expired` (link), `invalid_code` (code), `email_unverified`.
 * @example await verifyEmailSignIn(auth, { email: 'ada@example.com', code: '123456' })
 */
export async function verifyEmailSignIn<TUser>(
  client: AccountClient<TUser>,
  proof: EmailSignInProof,
): Promise<TUser | null | MfaChallenge> {
  return (await post(client, '/email/sign-in/verify', emailSignInBody(proof), { adopt: true })) as TUser | null | MfaChallenge;
}

/**
 * Proves it is still the user, so sensitive changes (email change, linking, MFA and passkey changes) are allowed:
 * the password (a string, or `{ password }`), a TOTP code (`{ totp }`), or a passkey (`{ webauthn }`, or
 * `reauthenticateWithPasskey` from `@tessera/client/passkeys`). Adopts the new access token (its `auth_time` is now,
 * its `amr` the method used). Rejects with `invalid_credentials` (password) or `invalid_code` (TOTP, passkey).
 * @example await reauthenticate(auth, password); await changeEmail(auth, newEmail);
 * @example await reauthenticate(auth, { totp: '123456' });
 */
export async function reauthenticate<TUser>(client: AccountClient<TUser>, proof: string | ReauthProof): Promise<TUser | null> {
  return (await post(client, '/reauthenticate', reauthBody(proof), { token: await client.getToken(), adopt: true })) as TUser | null;
}

/**
 * Links a social provider to the signed-in account, with an ID token and the nonce Tessera issued, or an authorization
 * code and its PKCE verifier. Answers the user, `providers` listing it. Rejects with `reauthentication_required`,
 * `account_exists` (the identity belongs to another account), `invalid_id_token`, `invalid_grant`.
 */
export async function linkProvider<TUser>(client: AccountClient<TUser>, provider: string, proof: ProviderProof): Promise<TUser> {
  const path = `/social/${encodeURIComponent(provider)}/link`;
  return synced(client, (await post(client, path, providerProofBody(proof), { token: await client.getToken() })) as TUser);
}
