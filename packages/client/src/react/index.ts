'use client';
// @tessera/client/react: provider, hook and guards. A client module (App Router), also fine in the Pages Router.
export { AuthProvider, type AuthProviderProps } from './auth-provider.js';
export { useAuth, type UseAuthResult } from './use-auth.js';
export { RequireAuth, type RequireAuthOptions, type RequireAuthProps } from './require-auth.js';
export { withAuth } from './with-auth.js';
