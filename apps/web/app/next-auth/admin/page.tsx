'use client';
import { AdminView } from '@/admin/admin-view';
import { NextAuthGuard } from '@/next-auth/next-auth-guard';
import { useNextAuthSettings } from '@/next-auth/next-auth-providers';
import { useApiFetch } from '@/next-auth/use-api-fetch';

function Admin() {
  const apiFetch = useApiFetch();
  const { apiUrl } = useNextAuthSettings();
  return <AdminView apiFetch={apiFetch} apiUrl={apiUrl} />;
}

export default function NextAuthAdminPage() {
  return (
    <NextAuthGuard>
      <Admin />
    </NextAuthGuard>
  );
}
