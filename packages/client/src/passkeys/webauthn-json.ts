// The JSON shapes of WebAuthn options and credentials as @simplewebauthn/server produces and expects them
// (W3C WebAuthn L3 §5.1.8–§5.1.10 `toJSON()`): every binary field is a base64url string. Types only, no code.

/** Base64url without padding (RFC 4648 §5). */
export type Base64UrlString = string;

export interface PublicKeyCredentialDescriptorJSON {
  id: Base64UrlString;
  type: 'public-key';
  transports?: string[];
}

/** What `POST /auth/passkeys/register/options` answers: `navigator.credentials.create()`'s `publicKey`, in JSON. */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { name: string; id?: string };
  user: { id: Base64UrlString; name: string; displayName: string };
  challenge: Base64UrlString;
  pubKeyCredParams: Array<{ alg: number; type: 'public-key' }>;
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: {
    authenticatorAttachment?: string;
    residentKey?: string;
    requireResidentKey?: boolean;
    userVerification?: string;
  };
  hints?: string[];
  attestation?: string;
  attestationFormats?: string[];
  extensions?: Record<string, unknown>;
}

/**
 * What `POST /auth/passkeys/login/options` answers, and an MFA challenge's `webauthnOptions`:
 * `navigator.credentials.get()`'s `publicKey`, in JSON.
 */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64UrlString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: string;
  hints?: string[];
  extensions?: Record<string, unknown>;
}

/** A new passkey, as `POST /auth/passkeys/register/verify` takes it in `response`. */
export interface RegistrationResponseJSON {
  id: Base64UrlString;
  rawId: Base64UrlString;
  response: {
    clientDataJSON: Base64UrlString;
    attestationObject: Base64UrlString;
    authenticatorData?: Base64UrlString;
    transports?: string[];
    publicKeyAlgorithm?: number;
    publicKey?: Base64UrlString;
  };
  authenticatorAttachment?: string;
  clientExtensionResults: Record<string, unknown>;
  type: 'public-key';
}

/** A signed challenge (an assertion), as passkey sign-in, the MFA step and reauthentication take it. */
export interface AuthenticationResponseJSON {
  id: Base64UrlString;
  rawId: Base64UrlString;
  response: {
    clientDataJSON: Base64UrlString;
    authenticatorData: Base64UrlString;
    signature: Base64UrlString;
    userHandle?: Base64UrlString;
  };
  authenticatorAttachment?: string;
  clientExtensionResults: Record<string, unknown>;
  type: 'public-key';
}
