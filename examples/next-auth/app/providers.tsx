'use client';
import { TesseraSessionProvider } from '@tessera/client/next-auth/react';
import type { ReactNode } from 'react';

export function Providers({ children }: { children: ReactNode }) {
  // No refetchInterval: the refetch is timed from the access token's expiry.
  return <TesseraSessionProvider>{children}</TesseraSessionProvider>;
}
