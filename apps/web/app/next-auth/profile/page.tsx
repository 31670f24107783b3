'use client';
import { signOut } from 'next-auth/react';
import { AccountDataCard } from '@/account/account-data-card';
import { SecurityActivityCard } from '@/account/security-activity-card';
import { AdminLink } from '@/admin/admin-link';
import { NextAuthGuard } from '@/next-auth/next-auth-guard';
import { useApiFetch } from '@/next-auth/use-api-fetch';
import { ProfileView } from '@/ui/profile-view';

function Profile() {
  const apiFetch = useApiFetch();
  // next-auth's signOut revokes this session at the API (the integration's signOut event) and drops its cookie.
  const logout = () => signOut({ callbackUrl: '/next-auth/login' });
  return (
    <>
      <ProfileView apiFetch={apiFetch} onLogout={logout} onRevokeCurrent={logout} />
      <AdminLink apiFetch={apiFetch} href="/next-auth/admin" />
      <SecurityActivityCard apiFetch={apiFetch} />
      {/* The API already ended the session; signOut drops next-auth's cookie. */}
      <AccountDataCard apiFetch={apiFetch} onDeleted={() => signOut({ callbackUrl: '/next-auth/login?deleted=1' })} />
    </>
  );
}

export default function NextAuthProfilePage() {
  return (
    <NextAuthGuard>
      <Profile />
    </NextAuthGuard>
  );
}
