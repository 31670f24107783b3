'use client';
import { useAuth } from '@tessera/client/react';
import { StatusPanel } from '../ui/status-panel';
import { useDirectSettings } from './direct-providers';

export function DirectStatus() {
  const { status, user, expiresAt } = useAuth();
  const { ttlSeconds } = useDirectSettings();
  return (
    <StatusPanel
      mode="Direct SDK"
      status={status}
      email={user?.email}
      expiresAt={expiresAt}
      ttlSeconds={ttlSeconds}
      storage={
        <>
          Access token in this tab&apos;s memory; refresh token in an <strong>HttpOnly</strong> cookie only the API can read.
        </>
      }
    />
  );
}
