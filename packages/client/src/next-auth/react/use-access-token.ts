'use client';
// useAccessToken: a function that resolves a current access token for your API calls.
import { useSession } from 'next-auth/react';
import { useCallback, useRef } from 'react';
import { effectiveMargin } from '../../refresh-margin.js';
import type { TesseraSession } from '../session-token.js';
import { refreshSession } from './refresh-session.js';

export interface UseAccessTokenOptions {
  /** Hand out the token only while it has more than this left, ms; otherwise refetch the session first. @default 30_000 */
  margin?: number;
}

/**
 * Stable across renders, so it can sit in effect dependencies. Concurrent callers share one session refetch.
 * Resolves null when signed out or when the backend refused the session.
 * @example
 * const getAccessToken = useAccessToken();
 * const res = await fetch(`${API}/posts`, { headers: { authorization: `Bearer ${await getAccessToken()}` } });
 */
export function useAccessToken(options: UseAccessTokenOptions = {}): () => Promise<string | null> {
  const { margin = 30_000 } = options;
  const context = useSession();
  const latest = useRef(context);
  latest.current = context;
  return useCallback(async () => {
    const session = latest.current.data as TesseraSession<unknown> | null;
    if (!session || session.error) return null;
    const { accessToken, accessTokenExpires, accessTokenIssuedAt } = session;
    if (
      accessToken &&
      typeof accessTokenExpires === 'number' &&
      accessTokenExpires - effectiveMargin(margin, accessTokenIssuedAt, accessTokenExpires) > Date.now()
    ) {
      return accessToken;
    }
    const next = await refreshSession(latest.current.update);
    return next && !next.error ? (next.accessToken ?? null) : null;
  }, [margin]);
}
