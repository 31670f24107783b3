'use client';
import { useAccessToken } from '@tessera/client/next-auth/react';
import { useCallback } from 'react';
import type { ApiFetch } from '../security/api-fetch-security';
import { useNextAuthSettings } from './next-auth-providers';

/** fetch against the API with the session's access token (refetched first when it is about to expire). */
export function useApiFetch(): ApiFetch {
  const { apiUrl, refreshMargin } = useNextAuthSettings();
  const getAccessToken = useAccessToken({ margin: refreshMargin / 2 });
  return useCallback(
    async (path: string, init: RequestInit = {}) => {
      const token = await getAccessToken();
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${apiUrl}${path}`, { ...init, headers });
    },
    [apiUrl, getAccessToken],
  );
}
