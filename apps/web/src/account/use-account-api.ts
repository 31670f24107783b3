'use client';
import { useAuth } from '@tessera/client/react';
import { useMemo } from 'react';
import { useDirectSettings } from '../direct/direct-providers';
import { createAccountApi, type AccountApi } from './account-api';

/** The account calls for the direct section's pages, over the section's own auth client. */
export function useAccountApi(): AccountApi {
  const { apiUrl } = useDirectSettings();
  const { client } = useAuth();
  return useMemo(() => createAccountApi(apiUrl, client), [apiUrl, client]);
}
