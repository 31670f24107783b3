'use client';
// One session refetch at a time in this tab, shared by the scheduler and every useAccessToken() caller.
import { getSession, type SessionContextValue } from 'next-auth/react';
import type { TesseraSession } from '../session-token.js';

let pending: Promise<TesseraSession<unknown> | null> | undefined;

/**
 * Asks /api/auth/session again (the server refreshes when due) through the provider's `update()`, so every
 * `useSession()` sees the result. `update()` declines while the provider is already loading; then a plain fetch.
 */
export function refreshSession(update: SessionContextValue['update']): Promise<TesseraSession<unknown> | null> {
  pending ??= (async () => ((await update()) ?? (await getSession())) as TesseraSession<unknown> | null)().finally(() => {
    pending = undefined;
  });
  return pending;
}
