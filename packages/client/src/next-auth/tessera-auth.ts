// createTesseraAuth: next-auth v4 options (providers, callbacks, events) and server helpers for a JWT backend whose
// refresh tokens rotate. One instance per process: it owns the in-flight refreshes and the replay cache.
import type { Account, AuthOptions, CallbacksOptions, EventCallbacks, Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import type { TokenSet } from '../adapters/auth-adapter.js';
import type { TesseraCredentials, TesseraUser } from '../adapters/tessera.js';
import { AuthError, toAuthError } from '../errors.js';
import type { MfaChallenge } from '../mfa-challenge.js';
import { createCookieSession, revoke, type CookieSession } from './cookie-session.js';
import { createCredentialsProvider, isSignedInUser, type CredentialsProviderOptions } from './credentials-provider.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { createEmailSignInProvider, type EmailSignInProviderOptions } from './email-sign-in-provider.js';
import { createMfaProvider, type MfaProviderOptions } from './mfa-provider.js';
import { mfaRequiredError } from './mfa-required-error.js';
import { createPasskeyProvider, passkeySignInOptions, type PasskeyProviderOptions } from './passkey-provider.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '../passkeys/webauthn-json.js';
import { resolveOptions, type TesseraAuthContext, type TesseraAuthOptions } from './options.js';
import { toSession, withTokens, type TesseraSession, type TesseraToken } from './session-token.js';

type JwtParams = Parameters<CallbacksOptions['jwt']>[0];
type SessionParams = Parameters<CallbacksOptions['session']>[0];
type SignInParams = Parameters<CallbacksOptions['signIn']>[0];

export interface TesseraCallbacks<TUser> {
  /** Exchanges an OAuth/OIDC sign-in at the backend early, so a refusal redirects with its code (`?error=account_exists`). */
  signIn(params: SignInParams): Promise<boolean>;
  /** Keeps the backend's tokens in the JWT and refreshes them when due. */
  jwt(params: JwtParams): Promise<JWT>;
  /** Exposes the access token, its expiry, the user and the error; never the refresh token. */
  session(params: SessionParams): TesseraSession<TUser> & Session;
}

export interface TesseraAuth<TUser> {
  /** The Credentials provider: email and password checked by the backend. */
  credentials(options?: CredentialsProviderOptions): CredentialsConfig;
  /**
   * The email sign-in provider (`tessera-email`): the magic link's token, or the address and the mailed code, checked by
   * the backend. Start the sign-in with `signInWithEmail` (`@tessera/client/account`) or `POST /auth/email/sign-in`.
   * @example await signIn('tessera-email', { token, redirect: false })
   */
  emailSignIn(options?: EmailSignInProviderOptions): CredentialsConfig;
  /**
   * The MFA step provider (`tessera-mfa`): when a sign-in answered `mfa_required` (`mfaChallengeOf(result.error)`),
   * the mfa_token and a TOTP or recovery code, or a passkey assertion as JSON text, checked by the backend.
   * @example await signIn('tessera-mfa', { mfa_token: challenge.mfaToken, method: 'totp', code, redirect: false })
   */
  mfa(options?: MfaProviderOptions): CredentialsConfig;
  /**
   * The passkey sign-in provider (`tessera-passkey`): an assertion of the options `passkeySignInOptions()` fetched
   * (`passkeyAssertion` from `@tessera/client/passkeys`), as JSON text, checked by the backend. No email typed.
   * @example await signIn('tessera-passkey', { response: JSON.stringify(await passkeyAssertion(options)), redirect: false })
   */
  passkey(options?: PasskeyProviderOptions): CredentialsConfig;
  /**
   * Request options for a passkey sign-in: a fresh single-use challenge from the backend
   * (`POST /auth/passkeys/login/options`). Fetch them per click (a server action) and hand them to the browser.
   */
  passkeySignInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON>;
  callbacks: TesseraCallbacks<TUser>;
  events: { signOut: EventCallbacks['signOut'] };
  /**
   * Complete next-auth options: JWT sessions, these callbacks and events composed with yours (ours run first), and
   * the Credentials, email sign-in, MFA step and passkey providers unless you pass `providers`.
   *
   * `request`: the incoming request's headers, when you build the options per request (next-auth's advanced
   * initialization). The OAuth/OIDC exchange, the refreshes in the `jwt` callback and the sign-out then carry the
   * browser's user agent and address like the Credentials and MFA steps do: the session list names the browser, and
   * a social sign-in that answers `mfa_required` needs it, since the backend binds the mfa_token to the client of
   * the exchange (docs/next-auth.md).
   * @example
   * const handler = (req: NextRequest, ctx: { params: { nextauth: string[] } }) =>
   *   NextAuth(req, ctx, tesseraAuth.authOptions({ providers }, { headers: Object.fromEntries(req.headers) }));
   */
  authOptions(options?: Partial<AuthOptions>, request?: { headers: Record<string, unknown> }): AuthOptions;
  /** The session from the cookie: read (Server Components), refresh and persist (route handlers, server actions, middleware), sign out. */
  session: CookieSession<TUser>;
  /** The refresh rule the callbacks use, for your own code paths; `headers`: the browser request's, if any. */
  refresh(token: TesseraToken<TUser>, headers?: Record<string, unknown>): Promise<TesseraToken<TUser>>;
  /** Revokes the session behind a token at the backend (what `events.signOut` does); `headers` as for `refresh`. */
  revoke(token: TesseraToken<TUser>, headers?: Record<string, unknown>): Promise<void>;
  /**
   * The authorization parameters of one OpenID Connect sign-in: a nonce Tessera issued (`POST /auth/social/<id>/nonce`).
   * Tessera accepts an ID token only when it carries such a nonce, and only once, so a captured token cannot be
   * replayed. Fetch them per click (a server action) and pass them to next-auth's `signIn()`; the provider redeems
   * its code with `tesseraTokenRequest` ({@link oidcProvider} does) (docs/next-auth.md).
   * @example await signIn('google', { callbackUrl: '/' }, await socialSignInParamsAction('google'))
   */
  socialSignInParams(providerId: string): Promise<{ nonce: string }>;
}

/**
 * @example
 * // auth.ts
 * export const tesseraAuth = createTesseraAuth({ baseUrl: process.env.TESSERA_URL! });
 * export const authOptions = tesseraAuth.authOptions({ providers: [tesseraAuth.credentials(), GoogleProvider({...})] });
 * // app/api/auth/[...nextauth]/route.ts
 * const handler = NextAuth(authOptions); export { handler as GET, handler as POST };
 */
export function createTesseraAuth<TUser = TesseraUser, TLogin = TesseraCredentials>(
  options: TesseraAuthOptions<TUser, TLogin>,
): TesseraAuth<TUser> {
  const context = resolveOptions(options);
  const { refresher } = context;
  // signIn → jwt of one OAuth callback share the account object: exchange once, hand the result over.
  const exchanged = new WeakMap<Account, TokenSet<TUser>>();

  /** The callbacks; `headers`, the browser request's, go with the social exchange. */
  const callbacksFor = (headers?: Record<string, unknown>): TesseraCallbacks<TUser> => ({
    async signIn({ account }) {
      if (account && account.type !== 'credentials') {
        const tokens = await socialSignIn(context, account, headers);
        if (tokens) exchanged.set(account, tokens);
      }
      return true;
    },
    async jwt({ token, user, account }) {
      const current = token as TesseraToken<TUser> & JWT;
      if (isSignedInUser<TUser>(user)) return withUser(user.id, withTokens(current, user.__tesseraTokens));
      if (account && account.type !== 'credentials') {
        const tokens = exchanged.get(account) ?? (await socialSignIn(context, account, headers));
        if (tokens) return withUser(undefined, withTokens(current, tokens));
        return current;
      }
      return refresher.refresh(current, forwardedHeaders(context, headers));
    },
    session: ({ session, token }) => toSession(session, token as TesseraToken<TUser>) as TesseraSession<TUser> & Session,
  });
  const callbacks = callbacksFor();

  const revokeToken = async (token: TesseraToken<TUser>, headers?: Record<string, unknown>) => {
    if (token.refreshToken) await revoke(context, token.refreshToken, headers);
  };
  const eventsFor = (headers?: Record<string, unknown>) => ({ signOut: ({ token }: { token: JWT }) => revokeToken(token, headers) });
  const events = eventsFor();

  return {
    credentials: (provider) => createCredentialsProvider(context, provider),
    emailSignIn: (provider) => createEmailSignInProvider(context, provider),
    mfa: (provider) => createMfaProvider(context, provider),
    passkey: (provider) => createPasskeyProvider(context, provider),
    passkeySignInOptions: () => passkeySignInOptions(context),
    callbacks,
    events,
    authOptions: (overrides = {}, request) =>
      composeOptions(overrides, request ? callbacksFor(request.headers) : callbacks, request ? eventsFor(request.headers) : events, () => [
        createCredentialsProvider(context),
        createEmailSignInProvider(context),
        createMfaProvider(context),
        createPasskeyProvider(context),
      ]),
    session: createCookieSession(context),
    refresh: (token, headers) => refresher.refresh(token, forwardedHeaders(context, headers)),
    revoke: revokeToken,
    socialSignInParams: (providerId) => socialNonce(context, providerId),
  };
}

async function socialNonce<TUser, TLogin>(context: TesseraAuthContext<TUser, TLogin>, providerId: string): Promise<{ nonce: string }> {
  const body = await context.call({ path: `/auth/social/${encodeURIComponent(providerId)}/nonce`, method: 'POST' });
  const nonce = (body as { nonce?: unknown } | null)?.nonce;
  if (typeof nonce !== 'string' || nonce === '') throw new AuthError('invalid_response', 'The backend answered without a nonce');
  return { nonce };
}

/** The backend's tokens for an OAuth/OIDC account, or null when this account is not exchanged. Throws the backend's code. */
async function socialSignIn<TUser, TLogin>(
  context: TesseraAuthContext<TUser, TLogin>,
  account: Account,
  incoming: Record<string, unknown> | undefined,
): Promise<TokenSet<TUser> | null> {
  const request = context.socialRequest(account);
  if (!request) return null;
  let challenge: MfaChallenge | undefined;
  try {
    // The browser's headers, as the MFA step will send them: the backend binds the mfa_token to this client.
    const headers = incoming ? { ...forwardedHeaders(context, incoming), ...request.headers } : request.headers;
    const body = await context.call({ ...request, ...(headers ? { headers } : {}) });
    challenge = context.adapter.challenge?.(body);
    if (!challenge) return context.adapter.parseTokens(body, context.now(), null);
  } catch (error) {
    // next-auth redirects to its error page with this as `?error=`: account_exists, invalid_id_token, provider_error...
    throw new Error(toAuthError(error).code, { cause: error });
  }
  // A user with a second factor: no session; `?error=mfa_required:…` carries the challenge to the page.
  throw mfaRequiredError(challenge);
}

/** `sub` follows the backend's user id, so `token.sub` means the same thing for every provider. */
function withUser<TUser>(fallbackId: string | undefined, next: TesseraToken<TUser>): JWT {
  const id = (next.user as { id?: unknown } | undefined)?.id ?? fallbackId;
  // Tessera's ids are strings, simplejwt's numbers; anything else cannot name the user, so `sub` stays.
  return typeof id === 'string' || typeof id === 'number' ? { ...next, sub: String(id) } : next;
}

function composeOptions<TUser>(
  overrides: Partial<AuthOptions>,
  ours: TesseraCallbacks<TUser>,
  events: TesseraAuth<TUser>['events'],
  defaultProviders: () => AuthOptions['providers'],
): AuthOptions {
  const theirs = overrides.callbacks ?? {};
  const theirEvents = overrides.events ?? {};
  return {
    ...overrides,
    providers: overrides.providers ?? defaultProviders(),
    session: { ...overrides.session, strategy: 'jwt' },
    callbacks: {
      ...theirs,
      async signIn(params) {
        // Yours decides first: a denied sign-in must not open a session at the backend.
        const allowed = theirs.signIn ? await theirs.signIn(params) : true;
        if (allowed !== true) return allowed;
        return ours.signIn(params);
      },
      async jwt(params) {
        const token = await ours.jwt(params);
        return theirs.jwt ? theirs.jwt({ ...params, token }) : token;
      },
      async session(params) {
        const session = ours.session(params);
        return theirs.session ? theirs.session({ ...params, session }) : session;
      },
    },
    events: {
      ...theirEvents,
      async signOut(message) {
        await events.signOut(message);
        await theirEvents.signOut?.(message);
      },
    },
  };
}
