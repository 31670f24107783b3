'use client';
// Seed 000's withAuth idea: a spinner while the session loads, the access-denied view (with the reason) when signed out.
import { useAuth } from '@tessera/client/next-auth/react';
import { useEffect, useState, type ReactNode } from 'react';
import { AccessDenied } from '../ui/access-denied';
import { Loading } from '../ui/loading';
import { useSigningOut } from '../ui/signing-out';
import { codeForReason } from './reason';

export function NextAuthGuard({ children }: { children: ReactNode }) {
  const { status, errorReason } = useAuth();
  // useAuth signs out once the backend refuses the session, which clears the reason: remember it for the notice.
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    const code = codeForReason(errorReason);
    if (code && code !== 'network_error') setReason(code);
  }, [errorReason]);
  const signingOut = useSigningOut();
  if (status === 'loading') return <Loading />;
  if (signingOut) return <Loading label="Signing out…" />;
  if (status === 'unauthenticated') return <AccessDenied signInHref="/next-auth/login" reason={reason} />;
  return children;
}
