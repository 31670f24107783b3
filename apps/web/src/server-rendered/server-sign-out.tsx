'use client';
// Sign-out through the SDK: the route handler relays it and clears the three cookies; the SDK tells the other tabs.
import { useAuth } from '@tessera/client/react';
import { useRouter } from 'next/navigation';

export function ServerSignOut() {
  const { logout } = useAuth();
  const router = useRouter();
  return (
    <button type="button" data-testid="server-sign-out" onClick={() => void logout().then(() => router.push('/server/login'))}>
      Sign out
    </button>
  );
}
