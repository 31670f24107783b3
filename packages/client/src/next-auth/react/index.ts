'use client';
// @tessera/client/next-auth/react: next-auth's SessionProvider with expiry-timed refetches, useAuth, withAuth, useAccessToken.
export { TesseraSessionProvider, type TesseraSessionProviderProps } from './tessera-session-provider.js';
export { useAuth, type UseAuthOptions, type UseAuthResult } from './use-auth.js';
export { withAuth, type WithAuthOptions } from './with-auth.js';
export { useAccessToken, type UseAccessTokenOptions } from './use-access-token.js';
export { refetchDelay, retryDelay } from './refetch-schedule.js';
export { mfaChallengeOf } from '../mfa-required-error.js';
export type { MfaChallenge, MfaMethod } from '../../mfa-challenge.js';
export type { TesseraSession } from '../session-token.js';
export type { RefreshFailureReason } from '../refresh-failure.js';
