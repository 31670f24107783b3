'use client';
// withAuth: a page for signed-in users only; nothing while the session loads, else an access-denied fallback or a redirect.
import type { ComponentType, ReactNode } from 'react';
import { useAuth } from './use-auth.js';

export interface WithAuthOptions {
  /** Shown to a signed-out visitor (also while redirecting), e.g. an Access Denied page. @default null */
  fallback?: ReactNode;
  /** Send signed-out visitors here instead of (well, besides) showing the fallback. @default undefined */
  redirectTo?: string;
  /** @default window.location.assign */
  navigate?: (url: string) => void;
}

/** @example export default withAuth(Posts, { fallback: <AccessDenied /> }); */
export function withAuth<P extends object>(Component: ComponentType<P>, options: WithAuthOptions = {}): ComponentType<P> {
  const { fallback = null, redirectTo, navigate } = options;
  function Guarded(props: P) {
    const { status } = useAuth({ required: true, ...(redirectTo ? { redirectTo } : {}), ...(navigate ? { navigate } : {}) });
    if (status === 'authenticated') return <Component {...props} />;
    return status === 'loading' ? null : <>{fallback}</>;
  }
  Guarded.displayName = `withAuth(${Component.displayName ?? Component.name ?? 'Component'})`;
  return Guarded;
}
