'use client';
// The direct integration's sign-out: end the session (every tab hears it), then land on the signed-out page.
import { useAuth } from '@tessera/client/react';
import { useRouter } from 'next/navigation';
import { useCallback } from 'react';
import { startSigningOut } from '../ui/signing-out';

export function useDirectSignOut(): () => Promise<void> {
  const { logout } = useAuth();
  const router = useRouter();
  return useCallback(async () => {
    startSigningOut();
    // A failed revocation still signs this tab out (the SDK drops the tokens): the landing page is right either way.
    await logout().catch(() => {});
    router.replace('/direct/signed-out');
  }, [logout, router]);
}
