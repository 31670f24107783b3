'use client';
// The browser SDK of the "server-rendered" section, unchanged, on this app's own origin (the route handler above).
import { createAuthClient, type AuthClient } from '@tessera/client';

let client: AuthClient | undefined;

export function getServerSectionClient(refreshMargin: number): AuthClient {
  // On the server every render gets a throwaway that never starts; in the browser there is exactly one.
  if (typeof window === 'undefined') return createAuthClient({ baseUrl: 'http://localhost', refreshMargin, autoStart: false });
  // Its own channel: the direct section's client (another base URL) is another session.
  return (client ??= createAuthClient({ baseUrl: window.location.origin, refreshMargin }));
}
