'use client';
// withAuth: RequireAuth as a higher-order component, for pages exported as a whole (Pages Router).
import type { ComponentType } from 'react';
import { RequireAuth, type RequireAuthOptions } from './require-auth.js';

/** @example export default withAuth(Dashboard, { redirectTo: '/login' }); */
export function withAuth<P extends object>(Component: ComponentType<P>, options: RequireAuthOptions = {}): ComponentType<P> {
  const WithAuth = (props: P) => (
    <RequireAuth {...options}>
      <Component {...props} />
    </RequireAuth>
  );
  WithAuth.displayName = `withAuth(${Component.displayName ?? Component.name})`;
  return WithAuth;
}
