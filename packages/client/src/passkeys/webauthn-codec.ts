// WebAuthn options from JSON to what navigator.credentials takes, and the credentials it returns back to JSON: the
// conversions PublicKeyCredential.parseCreationOptionsFromJSON/parseRequestOptionsFromJSON and toJSON() make
// (WebAuthn L3 §5.1.8–§5.1.10), written out because not every browser has them yet.
import { fromBase64Url, toBase64Url } from './base64url.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './webauthn-json.js';

const descriptors = (list: PublicKeyCredentialDescriptorJSON[] | undefined) =>
  list?.map((descriptor) => ({ ...descriptor, id: fromBase64Url(descriptor.id) })) as PublicKeyCredentialDescriptor[] | undefined;

/** `navigator.credentials.create()`'s `publicKey` from its JSON: the challenge, user id and excluded ids as bytes. */
export function creationOptions(json: PublicKeyCredentialCreationOptionsJSON): PublicKeyCredentialCreationOptions {
  return {
    ...json,
    challenge: fromBase64Url(json.challenge),
    user: { ...json.user, id: fromBase64Url(json.user.id) },
    excludeCredentials: descriptors(json.excludeCredentials),
  } as PublicKeyCredentialCreationOptions;
}

/** `navigator.credentials.get()`'s `publicKey` from its JSON: the challenge and allowed ids as bytes. */
export function requestOptions(json: PublicKeyCredentialRequestOptionsJSON): PublicKeyCredentialRequestOptions {
  return {
    ...json,
    challenge: fromBase64Url(json.challenge),
    allowCredentials: descriptors(json.allowCredentials),
  } as PublicKeyCredentialRequestOptions;
}

/** The fields every credential's JSON has. */
function credentialJson(credential: PublicKeyCredential) {
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults() as Record<string, unknown>,
    type: 'public-key' as const,
  };
}

/** What `create()` returned, as `POST /auth/passkeys/register/verify` takes it. */
export function registrationJson(credential: PublicKeyCredential): RegistrationResponseJSON {
  const response = credential.response as AuthenticatorAttestationResponse;
  // The getters are WebAuthn L2 (Safari 16+, Chrome 85+); the server reads the attestation object without them.
  const publicKey = response.getPublicKey?.();
  const authenticatorData = response.getAuthenticatorData?.();
  return {
    ...credentialJson(credential),
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      attestationObject: toBase64Url(response.attestationObject),
      authenticatorData: authenticatorData && toBase64Url(authenticatorData),
      transports: response.getTransports?.(),
      publicKeyAlgorithm: response.getPublicKeyAlgorithm?.(),
      publicKey: publicKey ? toBase64Url(publicKey) : undefined,
    },
  };
}

/** What `get()` returned (an assertion), as passkey sign-in, the MFA step and reauthentication take it. */
export function authenticationJson(credential: PublicKeyCredential): AuthenticationResponseJSON {
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    ...credentialJson(credential),
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      authenticatorData: toBase64Url(response.authenticatorData),
      signature: toBase64Url(response.signature),
      userHandle: response.userHandle ? toBase64Url(response.userHandle) : undefined,
    },
  };
}
