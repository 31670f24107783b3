'use client';
import { useAuth } from '@tessera/client/react';
import { useCallback } from 'react';
import { DirectGuard } from '@/direct/direct-guard';
import { ProfileView } from '@/ui/profile-view';

function Profile() {
  const { fetch, logout, logoutAll } = useAuth();
  const apiFetch = useCallback((path: string, init?: RequestInit) => fetch(path, init), [fetch]);
  const quiet = (action: () => Promise<void>) => () => action().catch(() => {});
  return <ProfileView apiFetch={apiFetch} onLogout={quiet(logout)} onLogoutAll={quiet(logoutAll)} onRevokeCurrent={quiet(logout)} />;
}

export default function DirectProfilePage() {
  return (
    <DirectGuard>
      <Profile />
    </DirectGuard>
  );
}
