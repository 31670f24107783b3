'use client';
import { useAuth } from '@tessera/client/react';
import { useMemo } from 'react';
import { createAccountApi, type AccountApi } from './account-api';

/** The account calls for the direct section's pages, over the section's own auth client. */
export function useAccountApi(): AccountApi {
  const { client } = useAuth();
  return useMemo(() => createAccountApi(client), [client]);
}
