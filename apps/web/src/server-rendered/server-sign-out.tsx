'use client';
// Sign-out through the SDK: the route handler relays it and clears the three cookies; the SDK tells the other tabs.
import { useAuth } from '@tessera/client/react';

export function ServerSignOut() {
  const { logout } = useAuth();
  return (
    <button
      type="button"
      data-testid="server-sign-out"
      onClick={async () => {
        await logout();
        window.location.assign('/server/login');
      }}
    >
      Sign out
    </button>
  );
}
