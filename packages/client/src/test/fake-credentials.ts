// navigator.credentials for Node tests, the browser API boundary only (Node has no WebAuthn): what the SDK hands the
// browser (options with bytes) goes back to JSON for a JSON authenticator (the server's software authenticator, or a
// test's stub), and its JSON answer comes back as a PublicKeyCredential, with bytes and the L2 getters.
import { vi } from 'vitest';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '../passkeys/webauthn-json.js';

export interface JsonAuthenticator {
  create(options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON;
  get(options: PublicKeyCredentialRequestOptionsJSON): AuthenticationResponseJSON;
}

/** What the fake was called with, as the browser received it. */
export interface FakeCredentials {
  created: CredentialCreationOptions[];
  requested: CredentialRequestOptions[];
}

const text = (bytes: BufferSource) =>
  Buffer.from(
    ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes),
  ).toString('base64url');
const bytes = (value: string | undefined): ArrayBuffer | null => {
  if (value === undefined) return null;
  const buffer = Buffer.from(value, 'base64url');
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
};
const descriptors = (list: readonly PublicKeyCredentialDescriptor[] | undefined) =>
  list?.map((d) => ({ ...d, id: text(d.id), type: 'public-key' as const }));

function credential(json: RegistrationResponseJSON | AuthenticationResponseJSON, response: object) {
  return {
    id: json.id,
    rawId: bytes(json.rawId),
    type: 'public-key',
    authenticatorAttachment: json.authenticatorAttachment ?? null,
    getClientExtensionResults: () => json.clientExtensionResults,
    response: { clientDataJSON: bytes(json.response.clientDataJSON), ...response },
  };
}

/** Installs a fake `navigator.credentials` (and `PublicKeyCredential`) until `vi.unstubAllGlobals()`. */
export function installFakeCredentials(authenticator: JsonAuthenticator | (() => JsonAuthenticator)): FakeCredentials {
  const current = () => (typeof authenticator === 'function' ? authenticator() : authenticator);
  const calls: FakeCredentials = { created: [], requested: [] };
  const container = {
    async create(options: CredentialCreationOptions) {
      calls.created.push(options);
      const o = options.publicKey!;
      const json = current().create({
        ...(o as unknown as PublicKeyCredentialCreationOptionsJSON),
        challenge: text(o.challenge),
        user: { ...o.user, id: text(o.user.id) },
        excludeCredentials: descriptors(o.excludeCredentials),
      });
      const r = json.response;
      return credential(json, {
        attestationObject: bytes(r.attestationObject),
        getTransports: () => r.transports ?? [],
        getAuthenticatorData: () => bytes(r.authenticatorData),
        getPublicKey: () => bytes(r.publicKey),
        getPublicKeyAlgorithm: () => r.publicKeyAlgorithm ?? -7,
      });
    },
    async get(options: CredentialRequestOptions) {
      calls.requested.push(options);
      const o = options.publicKey!;
      const json = current().get({
        ...(o as unknown as PublicKeyCredentialRequestOptionsJSON),
        challenge: text(o.challenge),
        allowCredentials: descriptors(o.allowCredentials),
      });
      const r = json.response;
      return credential(json, {
        authenticatorData: bytes(r.authenticatorData),
        signature: bytes(r.signature),
        userHandle: bytes(r.userHandle),
      });
    },
  };
  vi.stubGlobal('navigator', { ...globalThis.navigator, credentials: container });
  vi.stubGlobal('PublicKeyCredential', class {});
  return calls;
}
