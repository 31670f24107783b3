// @tessera/client/next-auth: next-auth v4 on a JWT backend with rotating refresh tokens (Tessera, simplejwt). Server only.
export { createTesseraAuth, type TesseraAuth, type TesseraCallbacks } from './tessera-auth.js';
export { tesseraSocialRequest, type TesseraAuthAdapter, type TesseraAuthOptions } from './options.js';
export { withTesseraSession, type TesseraMiddleware } from './with-tessera-session.js';
export type { CookieSession, CookieStore, DecodedSession, RefreshedCookies } from './cookie-session.js';
export { oidcProvider, tesseraTokenRequest, type OidcProfile, type OidcProviderOptions } from './oidc-provider.js';
export type { CredentialsProviderOptions } from './credentials-provider.js';
export type { EmailSignInProviderOptions } from './email-sign-in-provider.js';
export type { MfaProviderOptions } from './mfa-provider.js';
export type { PasskeyProviderOptions } from './passkey-provider.js';
export { mfaChallengeOf } from './mfa-required-error.js';
export type { MfaChallenge, MfaMethod } from '../mfa-challenge.js';
export type { ReauthProof } from '../account/account-requests.js';
export type { ClientAddressOption } from './browser-address.js';
export { createReplayCache, type ReplayCache, type ReplayCacheOptions } from './replay-cache.js';
export type { ReplayRedis, SharedReplayOptions } from './shared-replay.js';
export { REFRESH_ERROR, refreshFailureReason, type RefreshError, type RefreshFailureReason } from './refresh-failure.js';
export type { TesseraSession, TesseraToken } from './session-token.js';
export { sessionCookieName, type CookieOptions, type CookieReader, type SessionCookie } from './session-cookie.js';
