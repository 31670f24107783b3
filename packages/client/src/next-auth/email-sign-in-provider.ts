// next-auth's sign-in with Tessera's magic link or mailed code: a Credentials provider that finishes the email sign-in
// at the backend (`POST /auth/email/sign-in/verify`) server-side, with body transport, as the credentials one logs in.
import * as credentialsModule from 'next-auth/providers/credentials';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { accountRequest, accountRoutes, emailSignInBody, type EmailSignInProof } from '../account/account-requests.js';
import { toAuthError } from '../errors.js';
import { toSignedInUser } from './credentials-provider.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { interopDefault } from './interop.js';
import type { TesseraAuthContext } from './options.js';

const Credentials = interopDefault(credentialsModule.default as unknown as typeof credentialsModule.default.default);

export interface EmailSignInProviderOptions {
  /** @default 'tessera-email' */
  id?: string;
  /** @default 'Email' */
  name?: string;
}

/** The proof in the posted form: the link's token, or the address and the code; undefined when neither is whole. */
export function emailSignInProof(credentials: Record<string, string | undefined> | undefined): EmailSignInProof | undefined {
  const { token, email, code } = credentials ?? {};
  if (token) return { token };
  if (email && code) return { email, code };
  return undefined;
}

/**
 * Every refusal is thrown with its code as the message, so `signIn('tessera-email', { token, redirect: false })`
 * resolves `{ error: 'token_expired' }` (ask for a new link), `{ error: 'invalid_code' }`, `{ error: 'invalid_token' }`.
 * A form missing both proofs is next-auth's `CredentialsSignin`.
 */
export function createEmailSignInProvider<TUser, TLogin>(
  context: TesseraAuthContext<TUser, TLogin>,
  options: EmailSignInProviderOptions = {},
): CredentialsConfig {
  const { adapter, call, now } = context;
  return Credentials({
    id: options.id ?? 'tessera-email',
    name: options.name ?? 'Email',
    credentials: {
      email: { label: 'Email', type: 'email' },
      code: { label: 'Code', type: 'text' },
      token: { label: 'Token', type: 'hidden' },
    },
    async authorize(credentials, req) {
      const proof = emailSignInProof(credentials);
      if (!proof) return null;
      try {
        const request = accountRequest(accountRoutes(adapter), '/email/sign-in/verify', emailSignInBody(proof), true);
        const body = await call({ ...request, headers: { ...forwardedHeaders(context, req.headers), ...request.headers } });
        return toSignedInUser(adapter.parseTokens(body, now(), null));
      } catch (error) {
        throw new Error(toAuthError(error).code, { cause: error });
      }
    },
  });
}
