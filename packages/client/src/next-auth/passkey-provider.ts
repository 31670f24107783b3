// next-auth's passkey sign-in (the `tessera-passkey` provider): the browser signs the backend's challenge
// (`passkeyAssertion` from @tessera/client/passkeys) and posts the assertion here; the backend checks it
// (`POST /auth/passkeys/login/verify`) server-side, with body transport, as the credentials one logs in.
import * as credentialsModule from 'next-auth/providers/credentials';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { accountRequest, accountRoutes } from '../account/account-requests.js';
import { AuthError, toAuthError } from '../errors.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '../passkeys/webauthn-json.js';
import { toSignedInUser } from './credentials-provider.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { interopDefault } from './interop.js';
import type { TesseraAuthContext } from './options.js';

const Credentials = interopDefault(credentialsModule.default as unknown as typeof credentialsModule.default.default);

export interface PasskeyProviderOptions {
  /** @default 'tessera-passkey' */
  id?: string;
  /** @default 'Passkey' */
  name?: string;
}

/** The assertion in the posted form (`response`, JSON text), or undefined when there is none that parses. */
function assertion(credentials: Record<string, string | undefined> | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(credentials?.response ?? '');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every refusal is thrown with its code as the message, so `signIn('tessera-passkey', { response, redirect: false })`
 * resolves `{ error: 'invalid_code' }` (unknown passkey, replayed or expired challenge, a cloned authenticator's
 * counter) and the like. A form without an assertion is `CredentialsSignin`.
 */
export function createPasskeyProvider<TUser, TLogin>(
  context: TesseraAuthContext<TUser, TLogin>,
  options: PasskeyProviderOptions = {},
): CredentialsConfig {
  const { adapter, call, now } = context;
  return Credentials({
    id: options.id ?? 'tessera-passkey',
    name: options.name ?? 'Passkey',
    credentials: { response: { label: 'Passkey response', type: 'hidden' } },
    async authorize(credentials, req) {
      const response = assertion(credentials);
      if (!response) return null;
      try {
        const request = accountRequest(accountRoutes(adapter), '/passkeys/login/verify', { response }, true);
        const body = await call({ ...request, headers: { ...forwardedHeaders(context, req.headers), ...request.headers } });
        return toSignedInUser(adapter.parseTokens(body, now(), null));
      } catch (error) {
        throw new Error(toAuthError(error).code, { cause: error });
      }
    },
  });
}

/** The backend's request options for a passkey sign-in (a fresh single-use challenge), fetched server-side. */
export async function passkeySignInOptions<TUser, TLogin>(
  context: TesseraAuthContext<TUser, TLogin>,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const body = await context.call(accountRequest(accountRoutes(context.adapter), '/passkeys/login/options', {}));
  if (typeof (body as { challenge?: unknown } | null)?.challenge !== 'string') {
    throw new AuthError('invalid_response', 'The backend answered without a WebAuthn challenge');
  }
  return body as PublicKeyCredentialRequestOptionsJSON;
}
