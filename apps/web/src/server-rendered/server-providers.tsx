'use client';
// The section's SDK under <AuthProvider>, and what it does when another tab signs out: the page was rendered on the
// server for a user who is gone, so it is loaded again, and the proxy helper sends it to sign-in.
import { AuthProvider, useAuth } from '@tessera/client/react';
import { useEffect, useRef, type ReactNode } from 'react';
import { getServerSectionClient } from './server-client';

function ReloadOnSignOut() {
  const { status } = useAuth();
  const wasSignedIn = useRef(false);
  useEffect(() => {
    if (status === 'authenticated') wasSignedIn.current = true;
    else if (status === 'unauthenticated' && wasSignedIn.current) window.location.reload();
  }, [status]);
  return null;
}

export function ServerSectionProviders({ refreshMargin, children }: { refreshMargin: number; children: ReactNode }) {
  return (
    <AuthProvider client={getServerSectionClient(refreshMargin)}>
      <ReloadOnSignOut />
      {children}
    </AuthProvider>
  );
}
