'use client';
import { useMemo } from 'react';
import { NextAuthGuard } from '@/next-auth/next-auth-guard';
import { useApiFetch } from '@/next-auth/use-api-fetch';
import { createApiFetchSecurity } from '@/security/api-fetch-security';
import { SecurityView } from '@/security/security-view';

function Security() {
  const apiFetch = useApiFetch();
  return <SecurityView api={useMemo(() => createApiFetchSecurity(apiFetch), [apiFetch])} />;
}

export default function NextAuthSecurityPage() {
  return (
    <NextAuthGuard>
      <Security />
    </NextAuthGuard>
  );
}
