'use client';
// The seed's withAuth idea on the SDK's <RequireAuth>: a spinner while restoring, the access-denied view when signed out.
import { RequireAuth, useAuth } from '@tessera/client/react';
import type { ReactNode } from 'react';
import { AccessDenied } from '../ui/access-denied';
import { Loading } from '../ui/loading';
import { useSigningOut } from '../ui/signing-out';

export function DirectGuard({ children }: { children: ReactNode }) {
  const { status, error } = useAuth();
  const signingOut = useSigningOut();
  if (status === 'loading') return <Loading />;
  if (signingOut) return <Loading label="Signing out…" />;
  return <RequireAuth fallback={<AccessDenied signInHref="/direct/login" reason={error?.code} />}>{children}</RequireAuth>;
}
