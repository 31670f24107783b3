'use client';
// The next-auth integration's sign-out: next-auth's signOut revokes the session at the API (the integration's signOut
// event), drops its cookie and loads the signed-out page, the same landing page as the direct integration's.
import { signOut } from 'next-auth/react';
import { startSigningOut } from '../ui/signing-out';

export async function nextAuthSignOut(): Promise<void> {
  startSigningOut();
  await signOut({ callbackUrl: '/next-auth/signed-out' });
}
