// The browser's WebAuthn calls (navigator.credentials.create/get), JSON in and JSON out, with the browser's refusals
// as AuthErrors a page can switch on.
import { AuthError } from '../errors.js';
import { authenticationJson, creationOptions, registrationJson, requestOptions } from './webauthn-codec.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './webauthn-json.js';

export interface PasskeyAssertionOptions {
  /**
   * `'conditional'`: offer the passkeys in the browser's autofill of an `<input autocomplete="username webauthn">`
   * rather than in a dialog; the promise settles when the user picks one (or `signal` aborts it).
   * @default undefined (a dialog)
   */
  mediation?: CredentialMediationRequirement;
  /** Cancels the browser's prompt (a conditional request left pending when the page moves on). */
  signal?: AbortSignal;
}

/**
 * The browser's `credentials`, or AuthError `not_supported` where there is no WebAuthn (an insecure origin, an old
 * browser, a server).
 */
function credentials(): CredentialsContainer {
  const container = (globalThis as { navigator?: Navigator }).navigator?.credentials;
  if (!container || typeof PublicKeyCredential === 'undefined') throw new AuthError('not_supported', 'WebAuthn is not available here');
  return container;
}

/**
 * A DOMException as an AuthError: `passkey_cancelled` when the prompt was dismissed, timed out or aborted, or no
 * passkey matched (browsers do not say which, on purpose: WebAuthn L3 §14.5.2); `passkey_exists` when the
 * authenticator already holds one of the user's passkeys. Anything else (a SecurityError: the RP ID does not fit this
 * origin) is a configuration error, thrown as it came.
 */
function refusal(error: unknown): unknown {
  const name = (error as { name?: unknown } | null)?.name;
  const message = (error as Error).message;
  if (name === 'NotAllowedError' || name === 'AbortError') return new AuthError('passkey_cancelled', message);
  if (name === 'InvalidStateError') return new AuthError('passkey_exists', message);
  return error;
}

async function ceremony(run: () => Promise<Credential | null>): Promise<PublicKeyCredential> {
  try {
    const credential = await run();
    if (!credential) throw new AuthError('passkey_cancelled');
    return credential as PublicKeyCredential;
  } catch (error) {
    throw refusal(error);
  }
}

/**
 * Creates a passkey on this device for the creation options the server issued, and answers it as JSON. Rejects with
 * AuthError `passkey_cancelled`, `passkey_exists`, `not_supported`.
 */
export async function createPasskey(options: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  const container = credentials();
  return registrationJson(await ceremony(() => container.create({ publicKey: creationOptions(options) })));
}

/**
 * Signs the server's challenge with a passkey of this device: the assertion the MFA step (`verifyMfa` with
 * `method: 'webauthn'`), reauthentication (`{ webauthn }`) and passkey sign-in take. Rejects with AuthError
 * `passkey_cancelled`, `not_supported`.
 * @example await auth.verifyMfa({ mfaToken, method: 'webauthn', response: await passkeyAssertion(challenge.webauthnOptions!) })
 */
export async function passkeyAssertion(
  options: PublicKeyCredentialRequestOptionsJSON,
  { mediation, signal }: PasskeyAssertionOptions = {},
): Promise<AuthenticationResponseJSON> {
  const container = credentials();
  return authenticationJson(await ceremony(() => container.get({ publicKey: requestOptions(options), mediation, signal })));
}
