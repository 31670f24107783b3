'use client';
import { useAuth } from '@tessera/client/react';
import { useCallback, useEffect } from 'react';
import { ChangeEmailCard } from '@/account/change-email-card';
import { LinkGoogleCard } from '@/account/link-google-card';
import { DirectGuard } from '@/direct/direct-guard';
import { ProfileView } from '@/ui/profile-view';

function Profile() {
  const { fetch, logout, logoutAll, user, getUser } = useAuth();
  const apiFetch = useCallback((path: string, init?: RequestInit) => fetch(path, init), [fetch]);
  const quiet = (action: () => Promise<void>) => () => action().catch(() => {});
  // The token response's user has no provider list; /auth/me has it (and a verified email the token may predate).
  useEffect(() => void getUser().catch(() => {}), [getUser]);
  return (
    <>
      <ProfileView apiFetch={apiFetch} onLogout={quiet(logout)} onLogoutAll={quiet(logoutAll)} onRevokeCurrent={quiet(logout)} />
      <ChangeEmailCard currentEmail={user?.email} />
      <LinkGoogleCard providers={user?.providers} />
    </>
  );
}

export default function DirectProfilePage() {
  return (
    <DirectGuard>
      <Profile />
    </DirectGuard>
  );
}
