'use client';
import { useAccessToken } from '@tessera/client/next-auth/react';
import { signOut } from 'next-auth/react';
import { useCallback } from 'react';
import { NextAuthGuard } from '@/next-auth/next-auth-guard';
import { useNextAuthSettings } from '@/next-auth/next-auth-providers';
import { ProfileView } from '@/ui/profile-view';

function Profile() {
  const { apiUrl, refreshMargin } = useNextAuthSettings();
  const getAccessToken = useAccessToken({ margin: refreshMargin / 2 });
  const apiFetch = useCallback(
    async (path: string, init: RequestInit = {}) => {
      const token = await getAccessToken();
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${apiUrl}${path}`, { ...init, headers });
    },
    [apiUrl, getAccessToken],
  );
  // next-auth's signOut revokes this session at the API (the integration's signOut event) and drops its cookie.
  const logout = () => signOut({ callbackUrl: '/next-auth/login' });
  const logoutAll = async () => {
    await apiFetch('/auth/logout-all', { method: 'POST' }).catch(() => undefined);
    await logout();
  };
  return <ProfileView apiFetch={apiFetch} onLogout={logout} onLogoutAll={logoutAll} onRevokeCurrent={logout} />;
}

export default function NextAuthProfilePage() {
  return (
    <NextAuthGuard>
      <Profile />
    </NextAuthGuard>
  );
}
