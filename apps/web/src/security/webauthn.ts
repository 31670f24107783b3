'use client';
// The browser half of the passkey ceremonies: JSON options from the API in, the credential as JSON for it out.
// TODO(client-mfa): @tessera/client/passkeys once it lands; until then the browser's own JSON helpers (WebAuthn L3).
import { ApiFailure } from './api-fetch-security';

type JsonCredential = PublicKeyCredential & { toJSON(): unknown };
interface JsonStatics {
  parseCreationOptionsFromJSON?(options: unknown): PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON?(options: unknown): PublicKeyCredentialRequestOptions;
}

function statics(): Required<JsonStatics> {
  const api = (typeof PublicKeyCredential === 'undefined' ? {} : PublicKeyCredential) as JsonStatics;
  if (!api.parseCreationOptionsFromJSON || !api.parseRequestOptionsFromJSON) throw new ApiFailure('not_supported');
  return api as Required<JsonStatics>;
}

async function ceremony(run: () => Promise<Credential | null>): Promise<unknown> {
  let credential: Credential | null;
  try {
    credential = await run();
  } catch (error) {
    // NotAllowedError: the user closed the prompt, or it timed out (the spec does not tell the two apart).
    throw new ApiFailure(error instanceof DOMException && error.name === 'NotAllowedError' ? 'passkey_cancelled' : 'passkey_refused');
  }
  if (!credential) throw new ApiFailure('passkey_cancelled');
  return (credential as JsonCredential).toJSON();
}

/** navigator.credentials.create() with the API's registration options. */
export function createPasskey(options: unknown): Promise<unknown> {
  const publicKey = statics().parseCreationOptionsFromJSON(options);
  return ceremony(() => navigator.credentials.create({ publicKey }));
}

/** navigator.credentials.get() with the API's request options (discoverable: no allowCredentials, no email). */
export function getPasskey(options: unknown): Promise<unknown> {
  const publicKey = statics().parseRequestOptionsFromJSON(options);
  return ceremony(() => navigator.credentials.get({ publicKey }));
}
