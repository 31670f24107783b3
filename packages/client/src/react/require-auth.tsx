'use client';
// <RequireAuth>: children only for a signed-in user; nothing while the session is restored, else a fallback or a redirect.
import { useEffect, useRef, type ReactNode } from 'react';
import { useAuth } from './use-auth.js';

export interface RequireAuthOptions {
  /** Rendered when signed out (while redirecting too), e.g. an access-denied notice. @default null */
  fallback?: ReactNode;
  /** Where to send a signed-out user, e.g. '/login'. @default undefined (no redirect) */
  redirectTo?: string;
  /** How to go there, e.g. Next.js `router.replace`. @default window.location.assign */
  navigate?: (url: string) => void;
}

export interface RequireAuthProps extends RequireAuthOptions {
  children?: ReactNode;
}

/** @example <RequireAuth redirectTo="/login" navigate={router.replace}><Dashboard /></RequireAuth> */
export function RequireAuth({ children, fallback = null, redirectTo, navigate }: RequireAuthProps) {
  const { status } = useAuth();
  const signedOut = status === 'unauthenticated';
  // StrictMode runs effects twice; a ref (kept across that remount) makes it one navigation.
  const redirected = useRef(false);
  useEffect(() => {
    if (!signedOut) redirected.current = false;
    else if (redirectTo && !redirected.current) {
      redirected.current = true;
      (navigate ?? ((url) => window.location.assign(url)))(redirectTo);
    }
  }, [signedOut, redirectTo, navigate]);
  return status === 'authenticated' ? children : signedOut ? fallback : null;
}
