'use client';
import { useAuth } from '@tessera/client/react';
import { useCallback } from 'react';
import { AdminView } from '@/admin/admin-view';
import { DirectGuard } from '@/direct/direct-guard';
import { useDirectSettings } from '@/direct/direct-providers';

function Admin() {
  const { fetch } = useAuth();
  const { apiUrl } = useDirectSettings();
  const apiFetch = useCallback((path: string, init?: RequestInit) => fetch(path, init), [fetch]);
  return <AdminView apiFetch={apiFetch} apiUrl={apiUrl} />;
}

export default function DirectAdminPage() {
  return (
    <DirectGuard>
      <Admin />
    </DirectGuard>
  );
}
