'use client';
// The direct integration's one auth client (seed 001): created once per page, in the browser, from the runtime config.
import { createAuthClient, type AuthClient } from '@tessera/client';

export interface DirectClientConfig {
  apiUrl: string;
  refreshMargin: number;
}

let client: AuthClient | undefined;

export function getDirectClient({ apiUrl, refreshMargin }: DirectClientConfig): AuthClient {
  // On the server every render gets a throwaway (it never starts: no document); in the browser there is exactly one.
  if (typeof window === 'undefined') return createAuthClient({ baseUrl: apiUrl, refreshMargin, autoStart: false });
  return (client ??= createAuthClient({ baseUrl: apiUrl, refreshMargin }));
}
