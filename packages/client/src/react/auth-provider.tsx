'use client';
// <AuthProvider>: makes one auth client available to useAuth, RequireAuth and withAuth below it.
import { useEffect, type ReactNode } from 'react';
import { AuthContext, type AnyAuthClient } from './auth-context.js';

export interface AuthProviderProps {
  /** Create it once, outside render (module scope), so StrictMode's double render cannot make two. */
  client: AnyAuthClient;
  children?: ReactNode;
}

/**
 * @example
 * const auth = createAuthClient({ baseUrl: process.env.NEXT_PUBLIC_API_URL! });
 * export function Providers({ children }) { return <AuthProvider client={auth}>{children}</AuthProvider>; }
 */
export function AuthProvider({ client, children }: AuthProviderProps) {
  // start() is idempotent, so StrictMode's mount → unmount → mount restores once. No cleanup: the client outlives renders.
  useEffect(() => void client.start(), [client]);
  return <AuthContext.Provider value={client}>{children}</AuthContext.Provider>;
}
