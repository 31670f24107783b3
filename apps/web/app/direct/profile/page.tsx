'use client';
import { useAuth } from '@tessera/client/react';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect } from 'react';
import { AccountDataCard } from '@/account/account-data-card';
import { ChangeEmailCard } from '@/account/change-email-card';
import { LinkGoogleCard } from '@/account/link-google-card';
import { SecurityActivityCard } from '@/account/security-activity-card';
import { AdminLink } from '@/admin/admin-link';
import { DirectGuard } from '@/direct/direct-guard';
import { useDirectSignOut } from '@/direct/use-direct-sign-out';
import { ProfileView } from '@/ui/profile-view';

function Profile() {
  const { fetch, logout, user, getUser } = useAuth();
  const router = useRouter();
  const signOut = useDirectSignOut();
  const apiFetch = useCallback((path: string, init?: RequestInit) => fetch(path, init), [fetch]);
  // The token response's user has no provider list; /auth/me has it (and a verified email the token may predate).
  useEffect(() => void getUser().catch(() => {}), [getUser]);
  // The API ended every session: signing out here tells the other tabs too.
  const deleted = async () => {
    await logout().catch(() => {});
    router.replace('/direct/login?deleted=1');
  };
  return (
    <>
      <ProfileView apiFetch={apiFetch} onLogout={signOut} onRevokeCurrent={signOut} />
      <AdminLink apiFetch={apiFetch} href="/direct/admin" />
      <SecurityActivityCard apiFetch={apiFetch} />
      <ChangeEmailCard currentEmail={user?.email} />
      <LinkGoogleCard providers={user?.providers} />
      <AccountDataCard apiFetch={apiFetch} onDeleted={deleted} />
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
