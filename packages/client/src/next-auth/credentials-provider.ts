// next-auth's Credentials provider, signing in against the backend with the refresh token in the response body.
import type { User } from 'next-auth';
import * as credentialsModule from 'next-auth/providers/credentials';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import type { TokenSet } from '../adapters/auth-adapter.js';
import { toAuthError } from '../errors.js';
import type { MfaChallenge } from '../mfa-challenge.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { interopDefault } from './interop.js';
import { mfaRequiredError } from './mfa-required-error.js';
import type { TesseraAuthContext } from './options.js';

const Credentials = interopDefault(credentialsModule.default as unknown as typeof credentialsModule.default.default);

/** Where authorize() leaves the backend's tokens for the jwt callback (same request, same object). */
const TOKENS = '__tesseraTokens';

export type SignedInUser<TUser> = User & { [TOKENS]: TokenSet<TUser> };

export function isSignedInUser<TUser>(user: unknown): user is SignedInUser<TUser> {
  return !!user && typeof user === 'object' && TOKENS in user;
}

/** next-auth's `User` for a token set: the backend's id, email and name, with the tokens riding along to jwt(). */
export function toSignedInUser<TUser>(tokens: TokenSet<TUser>): SignedInUser<TUser> {
  const user = (tokens.user ?? {}) as { id?: unknown; email?: unknown; name?: unknown };
  return {
    // Tessera's ids are strings, simplejwt's numbers; anything else is no id.
    id: typeof user.id === 'string' || typeof user.id === 'number' ? String(user.id) : '',
    email: typeof user.email === 'string' ? user.email : null,
    name: typeof user.name === 'string' ? user.name : null,
    [TOKENS]: tokens,
  };
}

export interface CredentialsProviderOptions {
  /** @default 'credentials' */
  id?: string;
  /** @default 'Credentials' */
  name?: string;
}

/**
 * A wrong password is `null` (next-auth's `CredentialsSignin`); every other failure is thrown with its code as the
 * message, so `signIn('credentials', { redirect: false })` resolves `{ error: 'rate_limited' }` and the like. A
 * right password for an account with a second factor creates no session: the error is `mfa_required:…`, which
 * `mfaChallengeOf(result.error)` reads, and the `tessera-mfa` provider finishes the sign-in.
 */
export function createCredentialsProvider<TUser, TLogin>(
  context: TesseraAuthContext<TUser, TLogin>,
  options: CredentialsProviderOptions = {},
): CredentialsConfig {
  const { adapter, call, credentials: fields, now } = context;
  return Credentials({
    id: options.id ?? 'credentials',
    name: options.name ?? 'Credentials',
    credentials: fields,
    async authorize(credentials, req) {
      if (!credentials) return null;
      // The form posts csrfToken, callbackUrl and json too; Tessera refuses unknown fields, so send only the declared ones.
      const input = Object.fromEntries(Object.keys(fields).map((field) => [field, credentials[field] ?? '']));
      const headers = forwardedHeaders(context, req.headers);
      const request = adapter.login(input as TLogin);
      let challenge: MfaChallenge | undefined;
      try {
        const body = await call({ ...request, headers: { ...headers, ...request.headers } });
        challenge = adapter.challenge?.(body);
        if (!challenge) return toSignedInUser(adapter.parseTokens(body, now(), null));
      } catch (error) {
        const { code } = toAuthError(error);
        if (code === 'invalid_credentials') return null;
        throw new Error(code, { cause: error });
      }
      throw mfaRequiredError(challenge);
    },
  });
}
