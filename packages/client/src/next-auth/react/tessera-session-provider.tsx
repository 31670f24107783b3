'use client';
// <TesseraSessionProvider>: next-auth's SessionProvider plus a refetch timed from the access token's expiry.
import { SessionProvider, useSession, type SessionProviderProps } from 'next-auth/react';
import { useEffect, useRef } from 'react';
import { effectiveMargin } from '../../refresh-margin.js';
import type { TesseraSession } from '../session-token.js';
import { refetchDelay, retryDelay } from './refetch-schedule.js';
import { refreshSession } from './refresh-session.js';

export interface TesseraSessionProviderProps extends Omit<SessionProviderProps, 'refetchInterval'> {
  /** Refetch the session this long before the access token expires, ms. Keep it at or under the server's `refreshMargin`. @default 60_000 */
  refreshMargin?: number;
}

/**
 * Use it where you used `<SessionProvider>`; drop `refetchInterval`.
 * @example <TesseraSessionProvider session={pageProps.session}><Component {...pageProps} /></TesseraSessionProvider>
 */
export function TesseraSessionProvider({ refreshMargin = 60_000, children, ...props }: TesseraSessionProviderProps) {
  return (
    <SessionProvider {...props}>
      <RefetchScheduler margin={refreshMargin} />
      {children}
    </SessionProvider>
  );
}

/**
 * A timer, not state: scheduling never re-renders anything, so there is no render loop. It restarts only when the
 * expiry it was computed from changes, i.e. when a refetch brought a new token.
 */
function RefetchScheduler({ margin }: { margin: number }) {
  const { data, update } = useSession();
  const session = data as TesseraSession<unknown> | null;
  const expires = session?.accessTokenExpires;
  const issuedAt = session?.accessTokenIssuedAt;
  const refused = Boolean(session?.error);
  const latest = useRef(update);
  latest.current = update;

  useEffect(() => {
    if (typeof expires !== 'number' || refused) return;
    let cancelled = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      // A refetch that failed outright brought no new token either: retried below like one that did not refresh.
      const next = await refreshSession(latest.current).catch(() => null);
      if (cancelled) return;
      // A new expiry re-runs this effect. The same one means the server did not refresh (its clock says not yet, or
      // the backend was unreachable): try again later, backing off, instead of spinning.
      if (next?.accessTokenExpires === expires || !next) timer = setTimeout(() => void run(), retryDelay(++attempt));
    };
    timer = setTimeout(() => void run(), refetchDelay(expires, Date.now(), effectiveMargin(margin, issuedAt, expires)));
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [expires, issuedAt, refused, margin]);
  return null;
}
