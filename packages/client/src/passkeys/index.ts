// @tessera/client/passkeys: WebAuthn passkeys in the browser, with no dependencies: enrol, sign in (no email typed),
// the MFA step and reauthentication, plus the base64url conversions of the JSON @simplewebauthn/server speaks.
export {
  registerPasskey,
  reauthenticateWithPasskey,
  signInWithPasskey,
  verifyMfaWithPasskey,
  type PasskeyClient,
  type RegisteredPasskey,
} from './passkey-sign-in.js';
export { createPasskey, passkeyAssertion, type PasskeyAssertionOptions } from './passkey-ceremony.js';
export { authenticationJson, creationOptions, registrationJson, requestOptions } from './webauthn-codec.js';
export { fromBase64Url, toBase64Url } from './base64url.js';
export type {
  AuthenticationResponseJSON,
  Base64UrlString,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './webauthn-json.js';
