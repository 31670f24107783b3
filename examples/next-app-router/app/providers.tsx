'use client';
import { AuthProvider } from '@tessera/client/react';
import type { ReactNode } from 'react';
import { auth } from './auth';

export function Providers({ children }: { children: ReactNode }) {
  return <AuthProvider client={auth}>{children}</AuthProvider>;
}
