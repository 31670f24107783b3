// The JSON shapes of WebAuthn options and credentials as @simplewebauthn/server produces and expects them
// (W3C WebAuthn L3 §5.1.8–§5.1.10 `toJSON()`): every binary field is a base64url string. Types only, no code.

/** Base64url without padding (RFC 4648 §5). */
export type Base64UrlString = string;

/** WebAuthn L3 §5.8.4, with the values browsers use today (`hybrid`, `cable`, `smart-card`). */
export type AuthenticatorTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';
export type AuthenticatorAttachment = 'platform' | 'cross-platform';
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';
/** WebAuthn L3 §5.8.7. */
export type PublicKeyCredentialHint = 'hybrid' | 'security-key' | 'client-device';

export interface PublicKeyCredentialDescriptorJSON {
  id: Base64UrlString;
  type: 'public-key';
  transports?: AuthenticatorTransport[];
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
    authenticatorAttachment?: AuthenticatorAttachment;
    residentKey?: 'discouraged' | 'preferred' | 'required';
    requireResidentKey?: boolean;
    userVerification?: UserVerificationRequirement;
  };
  hints?: PublicKeyCredentialHint[];
  attestation?: 'none' | 'indirect' | 'direct' | 'enterprise';
  attestationFormats?: Array<'fido-u2f' | 'packed' | 'android-safetynet' | 'android-key' | 'tpm' | 'apple' | 'none'>;
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
  userVerification?: UserVerificationRequirement;
  hints?: PublicKeyCredentialHint[];
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
    /** What the browser's `getTransports()` reported. */
    transports?: string[];
    publicKeyAlgorithm?: number;
    publicKey?: Base64UrlString;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform';
  /** The browser's `getClientExtensionResults()`, passed through. */
  clientExtensionResults: object;
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
  authenticatorAttachment?: 'platform' | 'cross-platform';
  /** The browser's `getClientExtensionResults()`, passed through. */
  clientExtensionResults: object;
  type: 'public-key';
}
