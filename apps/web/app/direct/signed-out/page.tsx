'use client';
import { useAuth } from '@tessera/client/react';
import { SignedOutView } from '@/ui/signed-out-view';

export default function DirectSignedOutPage() {
  const { status } = useAuth();
  return <SignedOutView signInHref="/direct/login" homeHref="/direct/posts" signedIn={status === 'authenticated'} />;
}
