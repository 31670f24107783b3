'use client';
import { useAuth } from '@tessera/client/react';
import { useMemo } from 'react';
import { createApiFetchSecurity } from '../security/api-fetch-security';
import type { SecurityApi } from '../security/security-api';

/** The Security page's calls over the direct client's fetch (Bearer added, refreshed when about to expire). */
export function useDirectSecurity(): SecurityApi {
  const { fetch } = useAuth();
  return useMemo(() => createApiFetchSecurity((path, init) => fetch(path, init)), [fetch]);
}
