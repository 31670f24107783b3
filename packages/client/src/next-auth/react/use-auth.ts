'use client';
// useAuth: useSession() with Tessera's fields typed, a sign-out when the backend refused the session, and a redirect
// for pages that require a user.
import { signOut, useSession } from 'next-auth/react';
import { useEffect, useRef } from 'react';
import type { TesseraUser } from '../../adapters/tessera.js';
import { REFRESH_ERROR, type RefreshFailureReason } from '../refresh-failure.js';
import type { TesseraSession } from '../session-token.js';
import { useAccessToken } from './use-access-token.js';

export interface UseAuthOptions {
  /** Send a signed-out visitor to `redirectTo`. @default false */
  required?: boolean;
  /** Where to go when signed out (if `required`) or when the session was refused. @default undefined: stay */
  redirectTo?: string;
  /** How to go there, e.g. `router.replace`. @default window.location.assign */
  navigate?: (url: string) => void;
}

export interface UseAuthResult<TUser> {
  /** `authenticated` also while an update is in flight (next-auth says `loading` then), so pages do not flicker. */
  status: 'loading' | 'authenticated' | 'unauthenticated';
  session: TesseraSession<TUser> | null;
  user: TUser | null;
  accessToken: string | null;
  /** Why the last refresh failed: `network` while the session is kept and retried, otherwise the reason it ended. */
  errorReason: RefreshFailureReason | null;
  /** A current access token for an API call; see useAccessToken. */
  getAccessToken: () => Promise<string | null>;
}

/**
 * @example
 * const { status, user } = useAuth({ required: true, redirectTo: '/login', navigate: router.replace });
 */
export function useAuth<TUser = TesseraUser>(options: UseAuthOptions = {}): UseAuthResult<TUser> {
  const { required = false, redirectTo, navigate } = options;
  const { data, status } = useSession();
  const session = data as TesseraSession<TUser> | null;
  const refused = session?.error === REFRESH_ERROR;
  const state: UseAuthResult<TUser>['status'] = refused
    ? 'unauthenticated'
    : session
      ? 'authenticated'
      : status === 'loading'
        ? 'loading'
        : 'unauthenticated';
  const getAccessToken = useAccessToken();

  // Refs survive StrictMode's effect replay, so each sign-out and each redirect happens once.
  const signingOut = useRef(false);
  const redirected = useRef(false);
  useEffect(() => {
    const go = (url: string) => (navigate ?? ((to: string) => window.location.assign(to)))(url);
    if (state === 'authenticated') {
      signingOut.current = false;
      redirected.current = false;
      return;
    }
    if (refused && !signingOut.current) {
      // The refresh token is dead: drop next-auth's cookie, then leave if asked to.
      signingOut.current = true;
      redirected.current = Boolean(redirectTo);
      void signOut({ redirect: false }).then(() => redirectTo && go(redirectTo));
      return;
    }
    if (state === 'unauthenticated' && required && redirectTo && !redirected.current && !signingOut.current) {
      redirected.current = true;
      go(redirectTo);
    }
  }, [state, refused, required, redirectTo, navigate]);

  return {
    status: state,
    session,
    user: state === 'authenticated' ? (session?.user ?? null) : null,
    accessToken: state === 'authenticated' ? (session?.accessToken ?? null) : null,
    errorReason: session?.errorReason ?? null,
    getAccessToken,
  };
}
