'use client';
import { useAuth } from '@tessera/client/next-auth/react';
import { SignedOutView } from '@/ui/signed-out-view';

export default function NextAuthSignedOutPage() {
  const { status } = useAuth();
  return <SignedOutView signInHref="/next-auth/login" homeHref="/next-auth/posts" signedIn={status === 'authenticated'} />;
}
