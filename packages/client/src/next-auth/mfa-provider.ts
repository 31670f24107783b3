// next-auth's second step of a sign-in that answered `mfa_required` (the `tessera-mfa` provider): the mfa_token and a
// code or a passkey assertion, checked by the backend (`POST /auth/mfa/verify`) server-side, with body transport.
import * as credentialsModule from 'next-auth/providers/credentials';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { AuthError, toAuthError } from '../errors.js';
import type { MfaProof } from '../mfa-challenge.js';
import type { AuthenticationResponseJSON } from '../passkeys/webauthn-json.js';
import { toSignedInUser } from './credentials-provider.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { interopDefault } from './interop.js';
import type { TesseraAuthContext } from './options.js';

const Credentials = interopDefault(credentialsModule.default as unknown as typeof credentialsModule.default.default);

export interface MfaProviderOptions {
  /** @default 'tessera-mfa' */
  id?: string;
  /** @default 'Second factor' */
  name?: string;
}

/**
 * The proof in the posted form: `mfa_token` with `method` `totp` or `recovery_code` and `code`, or `method` `webauthn`
 * and `response` (the assertion as JSON text); undefined when it is not whole.
 */
export function mfaProof(credentials: Record<string, string | undefined> | undefined): MfaProof | undefined {
  const { mfa_token: mfaToken, method, code, response } = credentials ?? {};
  if (!mfaToken) return undefined;
  if ((method === 'totp' || method === 'recovery_code') && code) return { mfaToken, method, code };
  if (method !== 'webauthn' || !response) return undefined;
  try {
    return { mfaToken, method, response: JSON.parse(response) as AuthenticationResponseJSON };
  } catch {
    return undefined;
  }
}

/**
 * Every refusal is thrown with its code as the message, so `signIn('tessera-mfa', {..., redirect: false })` resolves
 * `{ error: 'invalid_code' }` (wrong or used code: ask again, same mfa_token), `{ error: 'invalid_token' }` (expired or
 * out of attempts: start again with the password), `{ error: 'rate_limited' }`. An incomplete form is `CredentialsSignin`.
 */
export function createMfaProvider<TUser, TLogin>(
  context: TesseraAuthContext<TUser, TLogin>,
  options: MfaProviderOptions = {},
): CredentialsConfig {
  const { adapter, call, now } = context;
  return Credentials({
    id: options.id ?? 'tessera-mfa',
    name: options.name ?? 'Second factor',
    credentials: {
      mfa_token: { label: 'MFA token', type: 'hidden' },
      method: { label: 'Method', type: 'hidden' },
      code: { label: 'Code', type: 'text' },
      response: { label: 'Passkey response', type: 'hidden' },
    },
    async authorize(credentials, req) {
      const proof = mfaProof(credentials);
      if (!proof) return null;
      try {
        if (!adapter.verifyMfa) throw new AuthError('not_supported', 'The adapter has no MFA step');
        const request = adapter.verifyMfa(proof);
        // The same browser headers as the password step: the backend binds the mfa_token to the login's client.
        const body = await call({ ...request, headers: { ...forwardedHeaders(context, req.headers), ...request.headers } });
        return toSignedInUser(adapter.parseTokens(body, now(), null));
      } catch (error) {
        throw new Error(toAuthError(error).code, { cause: error });
      }
    },
  });
}
