'use client';
import { useAuth } from '@tessera/client/next-auth/react';
import { StatusPanel } from '../ui/status-panel';
import { useNextAuthSettings } from './next-auth-providers';

export function NextAuthStatus() {
  const { status, user, session } = useAuth();
  const { ttlSeconds } = useNextAuthSettings();
  return (
    <StatusPanel
      mode="next-auth"
      status={status}
      email={user?.email}
      expiresAt={status === 'authenticated' ? (session?.accessTokenExpires ?? null) : null}
      ttlSeconds={ttlSeconds}
      storage={
        <>
          Tokens in next-auth&apos;s encrypted <strong>HttpOnly</strong> session cookie; the refresh token never reaches the browser.
          Rotated by the Next.js server.
        </>
      }
    />
  );
}
