'use client';
import { signOut } from 'next-auth/react';
import { AccountDataCard } from '@/account/account-data-card';
import { SecurityActivityCard } from '@/account/security-activity-card';
import { AdminLink } from '@/admin/admin-link';
import { NextAuthGuard } from '@/next-auth/next-auth-guard';
import { nextAuthSignOut } from '@/next-auth/next-auth-sign-out';
import { useApiFetch } from '@/next-auth/use-api-fetch';
import { ProfileView } from '@/ui/profile-view';

function Profile() {
  const apiFetch = useApiFetch();
  return (
    <>
      <ProfileView apiFetch={apiFetch} onLogout={nextAuthSignOut} onRevokeCurrent={nextAuthSignOut} />
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
