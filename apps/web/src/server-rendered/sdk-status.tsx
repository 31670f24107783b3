'use client';
// What the browser SDK sees on the same page: its user and access token expiry, from the same cookies.
import { useAuth } from '@tessera/client/react';

export function SdkStatus() {
  const { status, user } = useAuth();
  return (
    <p className="muted small" data-testid="sdk-status" data-status={status}>
      Browser SDK: {status === 'authenticated' ? <>signed in as {user?.email}</> : status}
    </p>
  );
}
